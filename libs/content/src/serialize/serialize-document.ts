import type { Attribute, ContentType } from '@cms/schema';
import { columnNameOf } from '@cms/schema';

export type Row = Readonly<Record<string, unknown>>;
export type DocumentJson = Record<string, unknown>;

/** The attributes a document shows: stored in its own row, not private, allowed to the caller. */
export function visibleAttributes(
  type: ContentType,
  allowed: 'all' | readonly string[],
  selected?: readonly string[],
): Attribute[] {
  return type.attributes.filter(
    (attribute) =>
      !attribute.private &&
      attribute.type !== 'relation' &&
      attribute.type !== 'media' &&
      attribute.type !== 'password' &&
      (allowed === 'all' || allowed.includes(attribute.name)) &&
      (!selected || selected.includes(attribute.name)),
  );
}

/** A row as Strapi v5 shows a document: id, documentId, attributes, timestamps (and locale). */
export function serializeDocument(type: ContentType, row: Row, attributes: readonly Attribute[]): DocumentJson {
  const document: DocumentJson = { id: Number(row.id), documentId: row.document_id };
  for (const attribute of attributes) document[attribute.name] = valueOf(attribute, row[columnNameOf(attribute)]);
  document.createdAt = timestamp(row.created_at);
  document.updatedAt = timestamp(row.updated_at);
  document.publishedAt = timestamp(row.published_at);
  if (type.localized) document.locale = row.locale;
  return document;
}

function valueOf(attribute: Attribute, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (attribute.type) {
    case 'integer':
    case 'float':
    case 'decimal':
      return Number(raw);
    case 'biginteger':
      return String(raw);
    case 'boolean':
      return raw === true || raw === 1 || raw === '1';
    case 'json':
    case 'blocks':
      return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
    case 'datetime':
    case 'timestamp':
      return timestamp(raw);
    case 'date':
      return raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).slice(0, 10);
    default:
      return raw;
  }
}

/** MySQL hands back Date objects, SQLite `YYYY-MM-DD HH:MM:SS.sss` strings: both are UTC. */
function timestamp(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return raw.toISOString();
  const text = String(raw);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`).toISOString();
}
