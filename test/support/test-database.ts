import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

export type TestDialect = 'sqlite' | 'mysql';

export interface TestDatabase {
  readonly dialect: TestDialect;
  /** A DATABASE_URL for the app under test. */
  readonly url: string;
  drop(): Promise<void>;
}

/** The dialect of the jest project running this suite (set by test/support/dialect-*.ts). */
export function testDialect(): TestDialect {
  return process.env.CMS_TEST_DIALECT === 'mysql' ? 'mysql' : 'sqlite';
}

/** The MariaDB server of the test run, from CMS_TEST_MYSQL_URL (no database part). */
export function mysqlServerUrl(): URL {
  const raw = process.env.CMS_TEST_MYSQL_URL;
  if (!raw) throw new Error('CMS_TEST_MYSQL_URL is not set');
  const url = new URL(raw);
  url.pathname = '';
  return url;
}

export const TEST_DATABASE_PREFIX = 'cms_test_';

/** A fresh, empty database for one suite: a temporary SQLite file, or a new MariaDB database. */
export async function createTestDatabase(dialect: TestDialect = testDialect()): Promise<TestDatabase> {
  return dialect === 'mysql' ? createMysqlDatabase() : createSqliteDatabase();
}

function createSqliteDatabase(): TestDatabase {
  const folder = mkdtempSync(join(tmpdir(), 'cms-test-'));
  return {
    dialect: 'sqlite',
    url: `sqlite:${join(folder, 'cms.sqlite')}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function createMysqlDatabase(): Promise<TestDatabase> {
  const server = mysqlServerUrl();
  // The time in the name lets a later run drop what a crashed run left behind.
  const name = `${TEST_DATABASE_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  await withServer(server, (connection) =>
    connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    dialect: 'mysql',
    url: url.toString(),
    drop: async () => {
      await withServer(server, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${name}\``));
    },
  };
}

export async function withServer<T>(
  server: URL,
  work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>,
): Promise<T> {
  const connection = await createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username) || 'root',
    password: decodeURIComponent(server.password),
    connectTimeout: 5000,
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}
