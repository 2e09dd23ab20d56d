import { sqlTimestamp } from '@cms/schema';
import type { QueryRunner } from 'typeorm';

type Quote = (identifier: string) => string;
type Row = Record<string, unknown>;

const PAGE = 1000;

/**
 * Every row of a table, a page at a time in primary-key order (keyset: each page an index range),
 * as values both databases take back: dates as UTC `YYYY-MM-DD HH:MM:SS.sss`, JSON columns MySQL
 * hands back parsed as their text, bytes as `{"$base64": ...}`.
 */
export async function* tableRows(
  runner: QueryRunner,
  table: string,
  primaryKey: readonly string[],
  q: Quote,
): AsyncGenerator<Row[]> {
  const order = primaryKey.map(q).join(', ');
  let after: unknown[] | undefined;
  for (;;) {
    // Row-value comparison (a, b) > (?, ?): MySQL and SQLite 3.15+ both read it as the key order.
    const where = after ? `WHERE (${order}) > (${after.map(() => '?').join(', ')})` : '';
    const rows: Row[] = await runner.query(
      `SELECT * FROM ${q(table)} ${where} ORDER BY ${order} LIMIT ${PAGE}`,
      after ?? [],
    );
    if (rows.length === 0) return;
    yield rows.map(portable);
    const last = rows.at(-1)!;
    after = primaryKey.map((column) => last[column]);
    if (rows.length < PAGE) return;
  }
}

function portable(row: Row): Row {
  const out: Row = {};
  for (const [column, value] of Object.entries(row)) {
    if (value instanceof Date) out[column] = sqlTimestamp(value);
    else if (Buffer.isBuffer(value)) out[column] = { $base64: value.toString('base64') };
    else if (typeof value === 'bigint') out[column] = value.toString();
    else if (typeof value === 'object' && value !== null) out[column] = JSON.stringify(value);
    else out[column] = value;
  }
  return out;
}

/** Rows back into a table, in multi-row INSERTs of the columns they name. */
export async function insertRows(runner: QueryRunner, table: string, rows: readonly Row[], q: Quote): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    await runner.query(
      `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      chunk.flatMap((row) => columns.map((column) => restored(row[column]))),
    );
  }
}

function restored(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && '$base64' in value)
    return Buffer.from(String((value as { $base64: unknown }).$base64), 'base64');
  return value;
}
