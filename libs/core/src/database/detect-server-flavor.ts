import type { DataSourceOptions } from 'typeorm';
import { createConnection } from 'mysql2/promise';

/**
 * TypeORM reads MariaDB's catalog differently from MySQL's (defaults, JSON), so it must be told
 * which one it talks to. A `mysql://` URL may point at either: ask the server.
 */
export async function withDetectedServerFlavor(options: DataSourceOptions): Promise<DataSourceOptions> {
  if (options.type !== 'mysql') return options;
  const connection = await createConnection({
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
    connectTimeout: options.connectTimeout,
  });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as { version: string }[])[0]?.version ?? '');
    return /mariadb/i.test(version) ? { ...options, type: 'mariadb' } : options;
  } finally {
    await connection.end();
  }
}

export function isMysqlFamily(options: DataSourceOptions): boolean {
  return options.type === 'mysql' || options.type === 'mariadb';
}
