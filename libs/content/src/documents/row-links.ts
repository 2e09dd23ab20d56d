import { isRelational, isToMany, linkTableOf, type Attribute, type ContentType } from '@cms/schema';
import type { EntityManager } from 'typeorm';
import type { CheckedInput } from '../validate/validate-input';
import { linkOrder } from './link-order';

export type Quote = (identifier: string) => string;

const LINK_COLUMNS = ['row_id', 'target_document_id', 'position'];

/** The attributes of a type (or component) whose links sit in link tables: owning to-many sides. */
export function linkAttributes(type: ContentType): Attribute[] {
  return type.attributes.filter(
    (attribute) => isRelational(attribute) && attribute.mappedBy === undefined && isToMany(attribute),
  );
}

/**
 * Writes a row's to-many links from a write's values: a new row's as given, an existing row's
 * from its current links (`connect` positions, `disconnect`, `set`), in one statement per table.
 */
export async function writeLinks(
  manager: EntityManager,
  type: ContentType,
  rowId: number,
  input: CheckedInput<string>,
  fresh: boolean,
  q: Quote,
): Promise<void> {
  for (const attribute of linkAttributes(type)) {
    const value = input.values.get(attribute.name);
    if (value?.kind !== 'toMany') continue;
    const link = linkTableOf(type.tableName, attribute.name);
    // A new row has no links yet: nothing to read or delete (a DELETE of nothing would still
    // lock the gap it looked at, which is where concurrent creates deadlocked).
    const existing: { target_document_id: string }[] = fresh
      ? []
      : await manager.query(`SELECT target_document_id FROM ${q(link)} WHERE row_id = ? ORDER BY position`, [rowId]);
    const targets = linkOrder(
      attribute.name,
      existing.map((row) => row.target_document_id),
      value,
    );
    if (!fresh) await manager.query(`DELETE FROM ${q(link)} WHERE row_id = ?`, [rowId]);
    await insertLinks(manager, link, rowId, targets, q);
  }
}

/** Copies one row's links to another row of the same type (a new version, a copied entry). */
export async function copyLinks(
  manager: EntityManager,
  type: ContentType,
  fromId: number,
  toId: number,
  q: Quote,
): Promise<void> {
  for (const attribute of linkAttributes(type)) {
    const link = linkTableOf(type.tableName, attribute.name);
    const targets: { target_document_id: string }[] = await manager.query(
      `SELECT target_document_id FROM ${q(link)} WHERE row_id = ? ORDER BY position`,
      [fromId],
    );
    await insertLinks(
      manager,
      link,
      toId,
      targets.map((row) => row.target_document_id),
      q,
    );
  }
}

/** A row's links in one statement, the positions keeping the order they were given. */
export async function insertLinks(
  manager: EntityManager,
  link: string,
  rowId: number,
  targets: readonly string[],
  q: Quote,
): Promise<void> {
  const rows = targets.map((target, position) => [rowId, target, position]);
  await insertMany(manager, link, LINK_COLUMNS, rows.sort(byRowAndTarget), q);
}

/** Many rows' links, each row's list in its order, in one statement per table. */
export async function insertLinkRows(
  manager: EntityManager,
  link: string,
  rows: readonly (readonly [number, readonly string[]])[],
  q: Quote,
): Promise<void> {
  const linkRows = rows.flatMap(([rowId, targets]) => targets.map((target, position) => [rowId, target, position]));
  await insertMany(manager, link, LINK_COLUMNS, linkRows.sort(byRowAndTarget), q);
}

/** Multi-row INSERTs, sized under both drivers' limits on bound parameters. */
export async function insertMany(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  q: Quote,
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    await manager.query(
      `INSERT INTO ${q(table)} (${columns.map((column) => q(column)).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      chunk.flat(),
    );
  }
}

/** Link rows in key order (row, then target): concurrent writers lock them in the same order. */
function byRowAndTarget(a: unknown[], b: unknown[]): number {
  const [rowA, targetA] = [Number(a[0]), String(a[1])];
  const [rowB, targetB] = [Number(b[0]), String(b[1])];
  return rowA - rowB || (targetA < targetB ? -1 : targetA > targetB ? 1 : 0);
}
