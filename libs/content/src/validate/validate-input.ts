import { DomainError, type ValidationIssue } from '@cms/core';
import {
  attributeType,
  isRelational,
  RESERVED_ATTRIBUTE_NAMES,
  type ContentType,
  type InputValue,
  type TargetRef,
} from '@cms/schema';

export type { TargetRef };
/** A checked value for one attribute, ready for its column (or its relation links). */
export type CheckedValue<Ref extends TargetRef = TargetRef> = InputValue<Ref>;

export interface CheckedInput<Ref extends TargetRef = TargetRef> {
  readonly values: ReadonlyMap<string, CheckedValue<Ref>>;
}

/**
 * Checks a write's `data` against the definition: unknown and system keys, then each value by its
 * attribute type's module (types, lengths, bounds, patterns, enumerations, relation shapes) and,
 * when `complete`, required attributes. Every problem is reported with its path
 * (`['data', 'title']`). Uniqueness and relation targets are the database's to check.
 */
export function validateInput(type: ContentType, data: unknown, options: { readonly complete: boolean }): CheckedInput {
  const issues: ValidationIssue[] = [];
  const report = (path: readonly (string | number)[], message: string) =>
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
      report([key], RESERVED_ATTRIBUTE_NAMES.has(key) ? 'is set by the server' : 'is not an attribute of this type');
      continue;
    }
    let checked: CheckedValue | undefined;
    if (value === null && !isRelational(attribute)) {
      // Null clears a scalar.
      if (attribute.required) report([key], 'is required');
      checked = { kind: 'column', value: null };
    } else {
      checked = attributeType(attribute).input(attribute, value, (message, path = []) =>
        report([key, ...path], message),
      );
    }
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
  if (issues.length > 0) throw DomainError.invalid('INVALID_DATA', [issues[0]!, ...issues.slice(1)]);
  return { values };
}
