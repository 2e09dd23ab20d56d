import { columnNameOf, type ContentType } from '@cms/schema';
import type { EntityManager } from 'typeorm';

/** A uid left empty is made from its target field, and kept unique with a number suffix. */
export async function fillUids(
  manager: EntityManager,
  type: ContentType,
  columns: Map<string, unknown>,
  documentId: string | undefined,
  q: (identifier: string) => string,
): Promise<void> {
  for (const attribute of type.attributes) {
    if (attribute.type !== 'uid' || !attribute.targetField) continue;
    const column = columnNameOf(attribute);
    const given = columns.get(column);
    if (given !== undefined && given !== null && given !== '') continue;
    const source = columns.get(
      columnNameOf(type.attributes.find((candidate) => candidate.name === attribute.targetField)!),
    );
    if (typeof source !== 'string' || (documentId !== undefined && !columns.has(column) && given === undefined))
      continue;
    const base = slugify(source) || 'entry';
    const taken: { value: string }[] = await manager.query(
      `SELECT ${q(column)} AS value FROM ${q(type.tableName)} WHERE (${q(column)} = ? OR ${q(column)} LIKE ?)${documentId ? ' AND document_id <> ?' : ''}`,
      [base, `${base}-%`, ...(documentId ? [documentId] : [])],
    );
    const used = new Set(taken.map((row) => row.value.toLowerCase()));
    let candidate = base;
    for (let suffix = 1; used.has(candidate); suffix += 1) candidate = `${base}-${suffix}`;
    columns.set(column, candidate);
  }
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
}
