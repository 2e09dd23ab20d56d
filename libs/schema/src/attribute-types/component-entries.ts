import type { SchemaObject } from '@nestjs/swagger';
import type { Json, Report } from './attribute-type';

/** Components nest at most this deep (a component in a component ... in a type). */
export const MAX_COMPONENT_DEPTH = 5;

/** A component's UID: `category.name`, both kebab-case. */
export const COMPONENT_UID = /^[a-z][a-z0-9-]{0,30}\.[a-z][a-z0-9-]{0,30}$/;

/** `min` and `max` entries: non-negative integers, in order. */
export function parseEntryBounds(raw: Json, report: Report): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  for (const key of ['min', 'max'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      report('must be a non-negative integer', [key]);
      continue;
    }
    bounds[key] = value;
  }
  if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max)
    report('must not exceed max', ['min']);
  return bounds;
}

/** A list of entries within `min` and `max` (and present when required), or a report. */
export function checkEntryCount(
  count: number,
  attribute: { readonly min?: number; readonly max?: number; readonly required: boolean },
  report: Report,
): boolean {
  if (attribute.min !== undefined && count < attribute.min && (attribute.required || count > 0)) {
    report(`must have at least ${attribute.min} entries`);
    return false;
  }
  if (attribute.max !== undefined && count > attribute.max) {
    report(`must have at most ${attribute.max} entries`);
    return false;
  }
  return true;
}

export function isEntryObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The OpenAPI name of a component's schema: `blocks.hero` → `BlocksHeroComponent`. */
export function componentSchemaName(uid: string, suffix = ''): string {
  const pascal = uid
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}Component${suffix}`;
}

export function componentRef(uid: string, suffix = ''): SchemaObject {
  // A reference stands where a schema goes: OpenAPI 3.0 allows it, the type does not say so.
  return { $ref: `#/components/schemas/${componentSchemaName(uid, suffix)}` } as SchemaObject;
}

/** One entry of a dynamic zone in OpenAPI: one of its components' schemas, told apart by `__component`. */
export function entryUnion(uids: readonly string[], suffix: 'Entry' | 'EntryInput'): SchemaObject {
  return {
    type: 'object',
    oneOf: uids.map((uid) => componentRef(uid, suffix)),
    discriminator: {
      propertyName: '__component',
      mapping: Object.fromEntries(uids.map((uid) => [uid, `#/components/schemas/${componentSchemaName(uid, suffix)}`])),
    },
  };
}
