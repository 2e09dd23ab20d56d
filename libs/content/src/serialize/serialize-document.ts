import { attributeType, columnNameOf, timestampOf, type Attribute, type ContentType } from '@cms/schema';

export type Row = Readonly<Record<string, unknown>>;
export type DocumentJson = Record<string, unknown>;

/** The attributes a document shows: shown by their type, not private, allowed to the caller. */
export function visibleAttributes(
  type: ContentType,
  allowed: 'all' | readonly string[],
  selected?: readonly string[],
): Attribute[] {
  return type.attributes.filter(
    (attribute) =>
      !attribute.private &&
      attributeType(attribute).shown &&
      (allowed === 'all' || allowed.includes(attribute.name)) &&
      (!selected || selected.includes(attribute.name)),
  );
}

/** A row as Strapi v5 shows a document: id, documentId, attributes, timestamps (and locale). */
export function serializeDocument(type: ContentType, row: Row, attributes: readonly Attribute[]): DocumentJson {
  const document = assignAttributes({ id: Number(row.id), documentId: row.document_id }, row, attributes);
  document.createdAt = timestampOf(row.created_at);
  document.updatedAt = timestampOf(row.updated_at);
  document.publishedAt = timestampOf(row.published_at);
  if (type.localized) document.locale = row.locale;
  return document;
}

/** A component entry as Strapi v5 shows it: its id and attributes (and `__component` in a dynamic zone). */
export function serializeEntry(row: Row, attributes: readonly Attribute[], component?: string): DocumentJson {
  const entry: DocumentJson = component === undefined ? {} : { __component: component };
  entry.id = Number(row.id);
  return assignAttributes(entry, row, attributes);
}

function assignAttributes(target: DocumentJson, row: Row, attributes: readonly Attribute[]): DocumentJson {
  for (const attribute of attributes) {
    const raw = row[columnNameOf(attribute)];
    target[attribute.name] = raw === null || raw === undefined ? null : attributeType(attribute).output(raw);
  }
  return target;
}
