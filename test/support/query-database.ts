import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';

/** Reads a test database directly, from outside the app: SQLite file or MariaDB URL. */
export async function queryDatabase(url: string, sql: string): Promise<Record<string, unknown>[]> {
  if (url.startsWith('sqlite:')) {
    const database = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      return database.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      database.close();
    }
  }
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query(sql);
    return rows as Record<string, unknown>[];
  } finally {
    await connection.end();
  }
}

export async function countRows(url: string, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await queryDatabase(url, `SELECT COUNT(*) AS total FROM ${table}`);
    counts[table] = Number(row?.total);
  }
  return counts;
}
