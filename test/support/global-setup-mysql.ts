import { buildProject } from './build';
import { mysqlServerUrl, TEST_DATABASE_PREFIX, withServer } from './test-database';

const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * With CMS_TEST_MYSQL_URL set, MariaDB is required: an unreachable server fails the run instead of
 * skipping the suites. Also drops databases that crashed runs left behind over an hour ago.
 */
export default async function globalSetup(): Promise<void> {
  buildProject();
  const server = mysqlServerUrl();
  try {
    await withServer(server, async (connection) => {
      const [rows] = await connection.query('SHOW DATABASES LIKE ?', [`${TEST_DATABASE_PREFIX}%`]);
      for (const row of rows as Record<string, string>[]) {
        const name = Object.values(row)[0] ?? '';
        const createdAt = Number(name.slice(TEST_DATABASE_PREFIX.length).split('_')[0]);
        if (createdAt > 0 && Date.now() - createdAt > STALE_AFTER_MS) {
          await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
        }
      }
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`CMS_TEST_MYSQL_URL is set but MariaDB at ${server.host} does not answer: ${reason}`, {
      cause: error,
    });
  }
}
