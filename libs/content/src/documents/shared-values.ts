import { columnNameOf, hasColumn, type ContentType } from '@cms/schema';
import type { EntityManager } from 'typeorm';
import type { CheckedInput } from '../validate/validate-input';

type Quote = (identifier: string) => string;

/**
 * The attributes every locale of a document shares (`pluginOptions.i18n.localized: false`),
 * written in one locale, set in the other locales' drafts (their only rows without draft and
 * publish): publishing them stays each locale's own act.
 */
export async function shareValues(
  manager: EntityManager,
  type: ContentType,
  documentId: string,
  locale: string | undefined,
  columns: ReadonlyMap<string, unknown>,
  q: Quote,
): Promise<void> {
  if (!type.localized || locale === undefined) return;
  const shared = sharedColumns(type).filter((column) => columns.has(column));
  if (shared.length === 0) return;
  await manager.query(
    `UPDATE ${q(type.tableName)} SET ${shared.map((column) => `${q(column)} = ?`).join(', ')} WHERE document_id = ? AND locale <> ? AND is_published = ?`,
    [...shared.map((column) => columns.get(column)), documentId, locale, type.draftAndPublish ? 0 : 1],
  );
}

/** The shared values a new locale takes from the document's other locales, unless it brings its own. */
export async function takeShared(
  manager: EntityManager,
  type: ContentType,
  documentId: string,
  input: CheckedInput<string>,
  columns: Map<string, unknown>,
  q: Quote,
): Promise<void> {
  const missing = sharedAttributes(type)
    .filter((attribute) => !input.values.has(attribute.name))
    .map(columnNameOf);
  if (missing.length === 0) return;
  const [row] = await manager.query(
    `SELECT ${missing.map((column) => q(column)).join(', ')} FROM ${q(type.tableName)} WHERE document_id = ? AND is_published = ? LIMIT 1`,
    [documentId, type.draftAndPublish ? 0 : 1],
  );
  for (const column of missing) if (row) columns.set(column, row[column]);
}

/** Shared attributes stored in the row itself (to-many links and component entries belong to each row). */
function sharedAttributes(type: ContentType) {
  return type.attributes.filter((attribute) => !attribute.localized && hasColumn(attribute));
}

function sharedColumns(type: ContentType): string[] {
  return sharedAttributes(type).map(columnNameOf);
}
