import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from './test-app';
import { createTestDatabase, testDialect, type TestDatabase } from './test-database';

/** How instances hear of each other's changes: through the database alone, and through Redis when a test server is set. */
export const INSTANCE_MODES = [
  ['without Redis', {}],
  ...(process.env.CMS_TEST_REDIS_URL ? [['through Redis', { REDIS_URL: process.env.CMS_TEST_REDIS_URL }]] : []),
] as [string, Record<string, string>][];

export interface InstancePair {
  readonly first: TestApp;
  readonly second: TestApp;
  close(): Promise<void>;
}

/** Two API instances on one database (a SQLite file serves one machine's processes). */
export async function startInstancePair(env: Record<string, string>): Promise<InstancePair> {
  const database: TestDatabase = await createTestDatabase(testDialect());
  // A prefix of their own keeps these two instances' messages away from any other run's.
  const shared = { ...env, REDIS_PREFIX: `cms-test-${randomBytes(4).toString('hex')}:` };
  const first = await startTestApp({ database, env: shared });
  const second = await startTestApp({ database, env: shared });
  return {
    first,
    second,
    close: async () => {
      await second.close();
      await first.close();
      await database.drop();
    },
  };
}
