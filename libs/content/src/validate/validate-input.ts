import { DomainError, type ValidationIssue } from '@cms/core';
import {
  attributeType,
  INT32,
  isComposed,
  isRelational,
  RESERVED_ATTRIBUTE_NAMES,
  type ContentType,
  type InputValue,
  type TargetRef,
} from '@cms/schema';

export type { TargetRef };

/** A checked value for one attribute, ready for its column, its relation links or its entries. */
export type CheckedValue<Ref extends TargetRef = TargetRef> =
  | Exclude<InputValue<Ref>, { readonly kind: 'components' }>
  | { readonly kind: 'components'; readonly entries: readonly CheckedEntry<Ref>[] };

/** One component entry of a write: of which component, the entry it keeps (by id), its values. */
export interface CheckedEntry<Ref extends TargetRef = TargetRef> {
  readonly component: ContentType;
  readonly id?: number;
  readonly input: CheckedInput<Ref>;
}

export interface CheckedInput<Ref extends TargetRef = TargetRef> {
  readonly values: ReadonlyMap<string, CheckedValue<Ref>>;
}

export interface ValidateOptions {
  /** A create (or a new locale): required attributes must be there. */
  readonly complete: boolean;
  /** The components in force, by UID. */
  readonly componentOf: (uid: string) => ContentType | undefined;
}

type Path = readonly (string | number)[];
type Report = (path: Path, message: string) => void;

/**
 * Checks a write's `data` against the definition: unknown and system keys, then each value by its
 * attribute type's module (types, lengths, bounds, patterns, enumerations, relation shapes, the
 * shape and count of component entries), each component entry against its component, and, when
 * `complete`, required attributes (of the entries too). Every problem is
 * reported with its full path (`['data', 'sections', 2, 'title']`). Uniqueness and relation
 * targets are the database's to check.
 */
export function validateInput(type: ContentType, data: unknown, options: ValidateOptions): CheckedInput {
  const issues: ValidationIssue[] = [];
  const report: Report = (path, message) => issues.push({ path: ['data', ...path], message, name: 'ValidationError' });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw DomainError.validation('INVALID_BODY', 'The body must be {"data": {...}}', [
      { path: ['data'], message: 'must be an object', name: 'ValidationError' },
    ]);
  }
  const checked = checkValues(type, data as Record<string, unknown>, [], options.complete, options, report);
  if (issues.length > 0) throw DomainError.invalid('INVALID_DATA', [issues[0]!, ...issues.slice(1)]);
  return checked;
}

function checkValues(
  type: ContentType,
  data: Readonly<Record<string, unknown>>,
  at: Path,
  complete: boolean,
  options: ValidateOptions,
  report: Report,
): CheckedInput {
  const values = new Map<string, CheckedValue>();
  const entry = type.kind === 'component';
  for (const [key, value] of Object.entries(data)) {
    if (entry && key === 'id') continue;
    const attribute = type.attributes.find((candidate) => candidate.name === key);
    const path = [...at, key];
    if (!attribute) {
      report(path, RESERVED_ATTRIBUTE_NAMES.has(key) ? 'is set by the server' : 'is not an attribute of this type');
      continue;
    }
    let checked: CheckedValue | undefined;
    if (value === null && !isRelational(attribute)) {
      // Null clears a scalar, and removes a component's entries.
      if (attribute.required) report(path, 'is required');
      checked = isComposed(attribute) ? { kind: 'components', entries: [] } : { kind: 'column', value: null };
    } else {
      const input = attributeType(attribute).input(attribute, value, (message, below = []) =>
        report([...path, ...below], message),
      );
      checked =
        input?.kind === 'components'
          ? checkEntries(attribute.type === 'component' && !attribute.repeatable, input.entries, path, options, report)
          : input;
    }
    if (checked) values.set(key, checked);
  }
  if (complete) {
    for (const attribute of type.attributes) {
      if (!attribute.required) continue;
      if (Object.hasOwn(data, attribute.name) && !values.has(attribute.name)) continue; // already reported
      const value = values.get(attribute.name);
      const missing =
        value === undefined ||
        (value.kind === 'column' && (value.value === null || value.value === '')) ||
        (value.kind === 'toOne' && value.documentId === null);
      if (missing && !(attribute.type === 'uid' && attribute.targetField))
        report([...at, attribute.name], 'is required');
    }
  }
  return { values };
}

/** Each entry against its component; a single component's fields sit right under its attribute. */
function checkEntries(
  single: boolean,
  entries: readonly { readonly component: string; readonly data: Readonly<Record<string, unknown>> }[],
  path: Path,
  options: ValidateOptions,
  report: Report,
): CheckedValue | undefined {
  const checked = entries.flatMap((entry, index) => {
    const component = options.componentOf(entry.component);
    const at = single ? path : [...path, index];
    if (!component) {
      report(at, `no component ${entry.component}`);
      return [];
    }
    const id = entry.data.id;
    if (id !== undefined && !(typeof id === 'number' && Number.isInteger(id) && id > 0 && id <= INT32)) {
      report([...at, 'id'], 'must be the id of an entry of this document');
      return [];
    }
    const input = checkValues(component, entry.data, at, options.complete, options, report);
    return [{ component, ...(typeof id === 'number' ? { id } : {}), input }];
  });
  return checked.length === entries.length ? { kind: 'components', entries: checked } : undefined;
}
