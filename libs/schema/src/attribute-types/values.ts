import type { SchemaObject } from '@nestjs/swagger';
import { sqlTimestamp } from '@cms/core';
import type { Json, Report } from './attribute-type';

/** Where the registry's dates are written: the one format both drivers store and compare. */
export { sqlTimestamp };

/** MySQL hands back Date objects, SQLite `YYYY-MM-DD HH:MM:SS.sss` strings: both are UTC. */
export function timestampOf(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return raw.toISOString();
  const text = String(raw);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`).toISOString();
}

export function optionalBoolean(value: unknown, key: string, report: Report): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    report('must be true or false', [key]);
    return undefined;
  }
  return value;
}

/** `minLength`/`maxLength` or `min`/`max`, checked and ordered. */
export function parseBounds(
  raw: Json,
  lowKey: string,
  highKey: string,
  integers: boolean,
  report: Report,
): Record<string, number> {
  const bounds: Record<string, number> = {};
  for (const key of [lowKey, highKey]) {
    const value = raw[key];
    if (value === undefined) continue;
    const lengthKey = key.endsWith('Length');
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      ((integers || lengthKey) && !Number.isInteger(value)) ||
      (lengthKey && value < 0)
    ) {
      report(lengthKey ? 'must be a non-negative integer' : `must be ${integers ? 'an integer' : 'a number'}`, [key]);
      continue;
    }
    bounds[key] = value;
  }
  if (bounds[lowKey] !== undefined && bounds[highKey] !== undefined && bounds[lowKey]! > bounds[highKey]!) {
    report(`must not exceed ${highKey}`, [lowKey]);
  }
  return bounds;
}

export function parseRegex(value: unknown, report: Report): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 500) {
    report('must be a regular expression of at most 500 characters', ['regex']);
    return undefined;
  }
  try {
    new RegExp(value, 'u');
    return value;
  } catch {
    report('is not a valid regular expression', ['regex']);
    return undefined;
  }
}

/** The default, if it is one `fits` accepts. */
export function parseDefault<T>(raw: Json, fits: (value: unknown) => value is T, type: string, report: Report) {
  if (raw.default === undefined) return {};
  if (!fits(raw.default)) {
    report(`is not a valid ${type} value`, ['default']);
    return {};
  }
  return { default: raw.default };
}

export function withLengths(schema: SchemaObject, attribute: { minLength?: number; maxLength?: number }) {
  return {
    ...schema,
    ...(attribute.minLength !== undefined ? { minLength: attribute.minLength } : {}),
    ...(attribute.maxLength !== undefined ? { maxLength: attribute.maxLength } : {}),
  };
}

export const isString = (value: unknown): value is string => typeof value === 'string';
