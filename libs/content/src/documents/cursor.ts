import { DomainError } from '@cms/core';
import type { SortField } from '../query/content-query';
import { sql, joinSql, type Sql } from '../sql/sql';

interface CursorPayload {
  /** The sort the cursor was made under: another sort cannot continue it. */
  readonly s: string;
  /** The last row's sort values, then its id. */
  readonly v: readonly (string | number | null)[];
}

export function sortKey(sort: readonly SortField[]): string {
  return sort.map((field) => `${field.path.join('.')}:${field.direction}`).join(',');
}

export function encodeCursor(sort: readonly SortField[], values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify({ s: sortKey(sort), v: values } satisfies CursorPayload)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: readonly SortField[]): (string | number | null)[] {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw invalid('is not a cursor this API made');
  }
  const valid =
    typeof payload === 'object' &&
    payload !== null &&
    Array.isArray(payload.v) &&
    payload.v.length === sort.length + 1 &&
    payload.v.every((value) => value === null || typeof value === 'string' || typeof value === 'number');
  if (!valid) throw invalid('is not a cursor this API made');
  if (payload.s !== sortKey(sort)) throw invalid('was made for another sort: keep the sort of the first page');
  return [...payload.v];
}

/**
 * Rows strictly after the cursor's row, in the order of `sort` then id ascending (keyset
 * pagination: an index range, whatever the depth). NULLs come first ascending and last descending,
 * as both databases order them.
 */
export function afterCursor(
  columns: readonly string[],
  sort: readonly SortField[],
  idColumn: string,
  values: readonly (string | number | null)[],
): Sql {
  const keys = [
    ...sort.map((field, index) => ({ column: columns[index]!, direction: field.direction })),
    { column: idColumn, direction: 'asc' as const },
  ];
  const branches = keys.map((key, index) => {
    const equalBefore = keys
      .slice(0, index)
      .map((previous, position) => equal(previous.column, values[position] ?? null));
    return joinSql([...equalBefore, after(key.column, key.direction, values[index] ?? null)], ' AND ');
  });
  const joined = joinSql(
    branches.map((branch) => sql(`(${branch.text})`, branch.params)),
    ' OR ',
  );
  return sql(`(${joined.text})`, joined.params);
}

function equal(column: string, value: string | number | null): Sql {
  return value === null ? sql(`${column} IS NULL`) : sql(`${column} = ?`, [value]);
}

function after(column: string, direction: 'asc' | 'desc', value: string | number | null): Sql {
  if (direction === 'asc') return value === null ? sql(`${column} IS NOT NULL`) : sql(`${column} > ?`, [value]);
  return value === null ? sql('1 = 0') : sql(`(${column} < ? OR ${column} IS NULL)`, [value]);
}

function invalid(message: string): DomainError {
  return DomainError.validation('INVALID_CURSOR', 'Invalid cursor', [
    { path: ['pagination', 'cursor'], message, name: 'ValidationError' },
  ]);
}
