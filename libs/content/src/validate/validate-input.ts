import { DomainError, type ValidationIssue } from '@cms/core';
import { isRelational, RESERVED_ATTRIBUTE_NAMES, type Attribute, type ContentType } from '@cms/schema';
import { sqlTimestamp } from '../sql/sql';

/**
 * A related document as a write names it: by documentId, or by the id of one of its rows (how
 * Strapi clients name media files). The writer turns ids into documentIds.
 */
export type TargetRef = string | number;

/** A checked value for one attribute, ready for its column (or its relation links). */
export type CheckedValue<Ref extends TargetRef = TargetRef> =
  | { readonly kind: 'column'; readonly value: unknown }
  /** A password attribute's plain text: the command service stores only its argon2id hash. */
  | { readonly kind: 'secret'; readonly plain: string }
  | { readonly kind: 'toOne'; readonly documentId: Ref | null }
  | {
      readonly kind: 'toMany';
      readonly set?: readonly Ref[];
      readonly connect: readonly Ref[];
      readonly disconnect: readonly Ref[];
    };

export interface CheckedInput<Ref extends TargetRef = TargetRef> {
  readonly values: ReadonlyMap<string, CheckedValue<Ref>>;
}

/** Fields the server owns: a write naming one is told so. */
const SYSTEM_KEYS = RESERVED_ATTRIBUTE_NAMES;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const INT32 = 2147483647;
/** How deep and how large a json (or blocks) value may be: a 400 past either, never a stack overflow. */
export const JSON_LIMITS = { depth: 64, bytes: 1024 * 1024 } as const;

/**
 * Checks a write's `data` against the definition: unknown and system keys, types, lengths, bounds,
 * patterns, enumerations and, when `complete`, required attributes. Every problem is reported with
 * its path (`['data', 'title']`). Uniqueness and relation targets are the database's to check.
 */
export function validateInput(type: ContentType, data: unknown, options: { readonly complete: boolean }): CheckedInput {
  const issues: ValidationIssue[] = [];
  const report = (path: (string | number)[], message: string) =>
    issues.push({ path: ['data', ...path], message, name: 'ValidationError' });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw DomainError.validation('INVALID_BODY', 'The body must be {"data": {...}}', [
      { path: ['data'], message: 'must be an object', name: 'ValidationError' },
    ]);
  }
  const values = new Map<string, CheckedValue>();
  for (const [key, value] of Object.entries(data)) {
    const attribute = type.attributes.find((candidate) => candidate.name === key);
    if (!attribute) {
      report([key], SYSTEM_KEYS.has(key) ? 'is set by the server' : 'is not an attribute of this type');
      continue;
    }
    const checked = check(attribute, value, (message, path = []) => report([key, ...path], message));
    if (checked) values.set(key, checked);
  }
  if (options.complete) {
    for (const attribute of type.attributes) {
      if (!attribute.required) continue;
      if (Object.hasOwn(data, attribute.name) && !values.has(attribute.name)) continue; // already reported
      const value = values.get(attribute.name);
      const missing =
        value === undefined ||
        (value.kind === 'column' && (value.value === null || value.value === '')) ||
        (value.kind === 'toOne' && value.documentId === null);
      if (missing && !(attribute.type === 'uid' && attribute.targetField)) report([attribute.name], 'is required');
    }
  }
  if (issues.length > 0) throw DomainError.validation('INVALID_DATA', 'Invalid data', issues);
  return { values };
}

function check(
  attribute: Attribute,
  value: unknown,
  report: (message: string, path?: (string | number)[]) => void,
): CheckedValue | undefined {
  if (isRelational(attribute))
    return relationValue(attribute.relation === 'manyToOne' || attribute.relation === 'oneToOne', value, report);
  if (value === null) {
    if (attribute.required) report('is required');
    return { kind: 'column', value: null };
  }
  const column = scalar(attribute, value, report);
  if (column === undefined) return undefined;
  return attribute.type === 'password'
    ? { kind: 'secret', plain: column as string }
    : { kind: 'column', value: column };
}

function scalar(attribute: Attribute, value: unknown, report: (message: string) => void): unknown {
  switch (attribute.type) {
    case 'string':
    case 'text':
    case 'richtext':
    case 'email':
    case 'password':
    case 'uid': {
      if (typeof value !== 'string') return void report('must be a string');
      const { minLength, maxLength } = attribute as { minLength?: number; maxLength?: number };
      const limit = maxLength ?? (['string', 'email', 'uid', 'password'].includes(attribute.type) ? 255 : undefined);
      if (minLength !== undefined && value.length < minLength)
        return void report(`must be at least ${minLength} characters long`);
      if (limit !== undefined && value.length > limit) return void report(`must be at most ${limit} characters long`);
      const regex = (attribute as { regex?: string }).regex;
      if (regex !== undefined && !new RegExp(regex, 'u').test(value))
        return void report('does not match the expected format');
      if (attribute.type === 'email' && !EMAIL.test(value)) return void report('must be an email address');
      if (attribute.type === 'uid' && !/^[A-Za-z0-9._~-]*$/.test(value))
        return void report('may hold only letters, digits and . _ ~ -');
      return value;
    }
    case 'enumeration':
      if (typeof value !== 'string' || !attribute.enum.includes(value))
        return void report(`must be one of ${attribute.enum.join(', ')}`);
      return value;
    case 'integer':
    case 'biginteger':
    case 'float':
    case 'decimal': {
      const number =
        typeof value === 'number'
          ? value
          : attribute.type === 'biginteger' && typeof value === 'string' && /^-?\d+$/.test(value)
            ? Number(value)
            : NaN;
      if (!Number.isFinite(number)) return void report('must be a number');
      if ((attribute.type === 'integer' || attribute.type === 'biginteger') && !Number.isInteger(number))
        return void report('must be an integer');
      if (attribute.type === 'integer' && Math.abs(number) > INT32)
        return void report(`must be between -${INT32} and ${INT32}`);
      const { min, max } = attribute as { min?: number; max?: number };
      if (min !== undefined && number < min) return void report(`must be at least ${min}`);
      if (max !== undefined && number > max) return void report(`must be at most ${max}`);
      return attribute.type === 'biginteger' ? String(value) : number;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return void report('must be true or false');
      return value ? 1 : 0;
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value)))
        return void report('must be a date (YYYY-MM-DD)');
      return value;
    case 'time':
      if (typeof value !== 'string' || !TIME.test(value)) return void report('must be a time (HH:MM[:SS[.sss]])');
      return value;
    case 'datetime':
    case 'timestamp': {
      const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) return void report('must be a date and time (ISO 8601)');
      return sqlTimestamp(date);
    }
    case 'json':
      return boundedJson(value, report);
    case 'blocks':
      if (jsonDepthExceeds(value, JSON_LIMITS.depth))
        return void report(`nests deeper than ${JSON_LIMITS.depth} levels`);
      if (
        !Array.isArray(value) ||
        !value.every(
          (block) =>
            typeof block === 'object' && block !== null && typeof (block as { type?: unknown }).type === 'string',
        )
      ) {
        return void report('must be a list of blocks, each an object with a type');
      }
      return boundedJson(value, report);
    default:
      return void report('cannot be written');
  }
}

/** A JSON value as stored, if it is within the depth and size limits (checked without recursion). */
function boundedJson(value: unknown, report: (message: string) => void): string | undefined {
  if (jsonDepthExceeds(value, JSON_LIMITS.depth)) return void report(`nests deeper than ${JSON_LIMITS.depth} levels`);
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > JSON_LIMITS.bytes) return void report(`is larger than ${JSON_LIMITS.bytes} bytes`);
  return text;
}

/** Whether objects and arrays nest deeper than `max`, walked with a stack of its own. */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

function relationValue(
  toOne: boolean,
  value: unknown,
  report: (message: string, path?: (string | number)[]) => void,
): CheckedValue | undefined {
  const ids = (list: unknown, path: (string | number)[]): TargetRef[] | undefined => {
    const items = Array.isArray(list) ? list : [list];
    const refs = items.map((item) => {
      if (typeof item !== 'object' || item === null) return item;
      if ('documentId' in item) return (item as { documentId: unknown }).documentId;
      return 'id' in item ? (item as { id: unknown }).id : item;
    });
    const valid = (ref: unknown) =>
      (typeof ref === 'string' && DOCUMENT_ID.test(ref)) ||
      (typeof ref === 'number' && Number.isInteger(ref) && ref > 0 && ref <= INT32);
    if (!refs.every(valid)) {
      report('must name documents by documentId or id', path);
      return undefined;
    }
    return refs as TargetRef[];
  };
  if (toOne) {
    if (value === null) return { kind: 'toOne', documentId: null };
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      ('connect' in value || 'set' in value || 'disconnect' in value)
    ) {
      const { connect, set, disconnect } = value as Record<string, unknown>;
      const chosen = set ?? connect;
      if (chosen === undefined) return disconnect === undefined ? undefined : { kind: 'toOne', documentId: null };
      const list = ids(chosen, [set !== undefined ? 'set' : 'connect']);
      if (!list) return undefined;
      if (list.length > 1) return void report('a to-one relation takes one document');
      return { kind: 'toOne', documentId: list[0] ?? null };
    }
    const list = ids(value, []);
    if (!list) return undefined;
    if (list.length !== 1) return void report('a to-one relation takes one document');
    return { kind: 'toOne', documentId: list[0]! };
  }
  if (Array.isArray(value)) {
    const set = ids(value, []);
    return set && { kind: 'toMany', set, connect: [], disconnect: [] };
  }
  if (typeof value !== 'object' || value === null)
    return void report('must be a list of documentIds, or {connect, disconnect, set}');
  const unknown = Object.keys(value).filter((key) => !['connect', 'disconnect', 'set'].includes(key));
  if (unknown.length > 0) return void report(`takes connect, disconnect or set, not ${unknown.join(', ')}`);
  const { connect, disconnect, set } = value as Record<string, unknown>;
  const setIds = set === undefined ? undefined : ids(set, ['set']);
  const connectIds = connect === undefined ? [] : ids(connect, ['connect']);
  const disconnectIds = disconnect === undefined ? [] : ids(disconnect, ['disconnect']);
  if ((set !== undefined && !setIds) || !connectIds || !disconnectIds) return undefined;
  return { kind: 'toMany', ...(setIds ? { set: setIds } : {}), connect: connectIds, disconnect: disconnectIds };
}
