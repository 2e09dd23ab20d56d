import { attributeType, columnNameOf, isComposed, type Attribute, type ContentType } from '@cms/schema';
import type { DocumentJson, Row } from '../serialize/serialize-document';
import type { CheckedEntry, CheckedInput, CheckedValue } from '../validate/validate-input';

/**
 * Whether a checked write would leave a stored document as it is: each value it names, compared as
 * answers show it, with the row's columns, its to-many links and its component entries (as
 * `stored`, the populated document, holds them). What cannot be compared (a password, a relation
 * named by id, entries deeper than one level) counts as a change.
 */
export function sameValues(type: ContentType, input: CheckedInput, row: Row, stored: DocumentJson): boolean {
  return [...input.values].every(([name, value]) => {
    const attribute = type.attributes.find((candidate) => candidate.name === name)!;
    const column = columnNameOf(attribute);
    if (value.kind === 'column') return same(shown(attribute, value.value), shown(attribute, row[column]));
    if (value.kind === 'toOne')
      return (value.documentId === null ? null : String(value.documentId)) === (row[column] ?? null);
    return sameLinksOrEntries(attribute, value, stored[name]);
  });
}

/** The same, for a component entry: its own values as its answer shows them. */
function sameEntry(component: ContentType, entry: CheckedEntry, stored: DocumentJson): boolean {
  if (entry.id !== undefined && entry.id !== stored.id) return false;
  return [...entry.input.values].every(([name, value]) => {
    const attribute = component.attributes.find((candidate) => candidate.name === name)!;
    if (value.kind === 'column') return same(shown(attribute, value.value), stored[name] ?? null);
    return value.kind !== 'toOne' && sameLinksOrEntries(attribute, value, stored[name]);
  });
}

function sameLinksOrEntries(attribute: Attribute, value: CheckedValue, stored: unknown): boolean {
  if (value.kind === 'toMany') {
    const linked = Array.isArray(stored) ? stored.map((document: DocumentJson) => document.documentId) : undefined;
    return (
      value.set !== undefined &&
      value.connect.length === 0 &&
      value.disconnect.length === 0 &&
      same(value.set.map(String), linked)
    );
  }
  if (value.kind !== 'components' || stored === undefined) return false;
  const list = (stored === null ? [] : Array.isArray(stored) ? stored : [stored]) as DocumentJson[];
  return (
    list.length === value.entries.length &&
    value.entries.every(
      (entry, index) =>
        (attribute.type !== 'dynamiczone' || list[index]!.__component === entry.component.uid) &&
        sameEntry(entry.component, entry, list[index]!),
    )
  );
}

function shown(attribute: Attribute, raw: unknown): unknown {
  return raw === null || raw === undefined ? null : attributeType(attribute).output(raw);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A row's data without the `id`s of its component entries: they name entries of the system the
 * row came from (or another version), so an import writes entries whole and compares them by value.
 */
export function withoutEntryIds(
  type: ContentType,
  data: Readonly<Record<string, unknown>>,
  componentOf: (uid: string) => ContentType | undefined,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([name, value]) => {
      const attribute = type.attributes.find((candidate) => candidate.name === name);
      if (!attribute || !isComposed(attribute) || value === null || typeof value !== 'object') return [name, value];
      const strip = (entry: unknown): unknown => {
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
        const { id: _, ...rest } = entry as Record<string, unknown>;
        const uid = attribute.type === 'component' ? attribute.component : rest.__component;
        const component = typeof uid === 'string' ? componentOf(uid) : undefined;
        return component ? withoutEntryIds(component, rest, componentOf) : rest;
      };
      return [name, Array.isArray(value) ? value.map(strip) : strip(value)];
    }),
  );
}
