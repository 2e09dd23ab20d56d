import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors';

/** Keys that name an object's prototype machinery: refused wherever a client sends them. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const SEGMENTS = /^([^[\]]*)((?:\[[^\]]*\])*)/;
/** A prototype key as a whole segment of some key (or, rarely, of a value: then the full scan says no). */
const SUSPECT = /(?:^|[&[])\s*(?:__proto__|constructor|prototype)\s*(?:[\][=&]|$)/;

/**
 * The first prototype key a query string names (`filters[constructor][$eq]=x`), before `qs`
 * parses it: `qs` drops such keys silently, which would answer the request as if it had no
 * filter at all.
 */
export function prototypeKeyInQuery(query: string): readonly string[] | undefined {
  // Every read with a query string passes here: one decode and one test in the common case.
  if (!SUSPECT.test(query.includes('%') ? decode(query) : query)) return undefined;
  for (const pair of query.split('&')) {
    const key = decode(pair.split('=', 1)[0] ?? '');
    const match = SEGMENTS.exec(key);
    if (!match) continue;
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^\]]*)\]/g)].map((segment) => segment[1]!)];
    const at = path.findIndex((segment) => PROTOTYPE_KEYS.has(segment.trim()));
    if (at >= 0) return path.slice(0, at + 1);
  }
  return undefined;
}

/** The path of the first prototype key in a parsed body, walked without recursion. */
export function prototypeKeyInBody(body: unknown): readonly (string | number)[] | undefined {
  interface Step {
    readonly value: unknown;
    readonly key?: string | number;
    readonly parent?: Step;
  }
  const pathOf = (step: Step | undefined, key: string): (string | number)[] => {
    const path: (string | number)[] = [key];
    for (let at = step; at?.key !== undefined; at = at.parent) path.unshift(at.key);
    return path;
  };
  const pending: Step[] = [{ value: body }];
  while (pending.length > 0) {
    const step = pending.pop()!;
    const { value } = step;
    if (typeof value !== 'object' || value === null) continue;
    for (const key of Object.keys(value)) {
      if (PROTOTYPE_KEYS.has(key)) return pathOf(step, key);
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null)
        pending.push({ value: child, key: Array.isArray(value) ? Number(key) : key, parent: step });
    }
  }
  return undefined;
}

export function prototypeKeyError(path: readonly (string | number)[]): DomainError {
  const key = String(path.at(-1));
  return DomainError.validation('PROTOTYPE_KEY', `Invalid key ${key}`, [
    { path, message: `Invalid key ${key}`, name: 'ValidationError' },
  ]);
}

/** Express middleware, after the body parser: a body naming a prototype key is a 400. */
export function refusePrototypeKeys(request: Request, _response: Response, next: NextFunction): void {
  const path = prototypeKeyInBody(request.body);
  next(path ? prototypeKeyError(path) : undefined);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
