import { LRUCache } from 'lru-cache';
import { parse } from 'qs';
import { DomainError } from '../errors';
import { prototypeKeyError, prototypeKeyInQuery } from './prototype-keys';

export const MAX_QUERY_PARAMETERS = 1000;
const MAX_QUERY_DEPTH = 20;
/** Query strings kept parsed: most reads repeat (parsing was a tenth of a cached read's CPU). */
const PARSED = new LRUCache<string, Readonly<Record<string, unknown>>>({ max: 1000 });
const CACHEABLE_LENGTH = 2048;

/**
 * Query strings in `qs` bracket syntax (Strapi's), bounded: more than 1000 parameters, or nesting
 * deeper than the query language can use, is a 400 rather than a silent truncation; so is a key
 * that names a prototype (`constructor`), which `qs` would drop. A parsed query is frozen and
 * shared by every request with the same string: nothing may change it.
 */
export function parseQueryString(query: string | null | undefined): Record<string, unknown> {
  if (!query) return {};
  const cached = PARSED.get(query);
  if (cached) return cached;
  const parsed = deepFreeze(parseBounded(query));
  if (query.length <= CACHEABLE_LENGTH) PARSED.set(query, parsed);
  return parsed;
}

function parseBounded(query: string): Record<string, unknown> {
  const prototypeKey = prototypeKeyInQuery(query);
  if (prototypeKey) throw prototypeKeyError(prototypeKey);
  try {
    return parse(query, {
      depth: MAX_QUERY_DEPTH,
      strictDepth: true,
      parameterLimit: MAX_QUERY_PARAMETERS,
      throwOnLimitExceeded: true,
      arrayLimit: 100,
      allowPrototypes: false,
    });
  } catch (error) {
    const message =
      error instanceof RangeError && /depth/i.test(error.message)
        ? `The query string nests deeper than ${MAX_QUERY_DEPTH} levels`
        : `A query string holds at most ${MAX_QUERY_PARAMETERS} parameters`;
    throw DomainError.validation('QUERY_TOO_LARGE', message);
  }
}

/** Freezes a parsed query and everything in it (at most 20 levels, so recursion is safe). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
