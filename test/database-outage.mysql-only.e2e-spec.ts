import { setTimeout as sleep } from 'node:timers/promises';
import { PrivateMariaDb } from './support/private-mariadb';
import { startTestApp, type TestApp } from './support/test-app';

/** Polls `/health/ready` until it answers `status`, or fails after `withinMs`. */
async function readyBecomes(cms: TestApp, status: number, withinMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + withinMs;
  let last: { status: number; body: Record<string, unknown> } | undefined;
  while (Date.now() < deadline) {
    last = await cms.http().get('/health/ready');
    if (last.status === status) return last.body;
    await sleep(200);
  }
  throw new Error(`ready stayed ${last?.status} instead of ${status}: ${JSON.stringify(last?.body)}`);
}

describe('readiness through a database outage', () => {
  let mariadb: PrivateMariaDb;
  let cms: TestApp;

  beforeAll(async () => {
    mariadb = await PrivateMariaDb.create();
    await mariadb.start();
    const url = await mariadb.createDatabase('cms');
    cms = await startTestApp({ database: { dialect: 'mysql', url, drop: async () => undefined } });
  }, 60_000);

  afterAll(async () => {
    await cms?.close();
    await mariadb?.destroy();
  });

  it('answers 503 while MariaDB is down and 200 again once it is back, with no restart', async () => {
    await readyBecomes(cms, 200, 2_000);

    await mariadb.stop();
    const down = await readyBecomes(cms, 503, 10_000);
    expect(down).toEqual({
      data: null,
      error: {
        status: 503,
        name: 'ServiceUnavailableError',
        message: 'The database is unreachable',
        details: { checks: { database: { status: 'down' } } },
      },
    });

    await mariadb.start();
    await readyBecomes(cms, 200, 15_000);
    // The pool has healed: every connection it hands out works, not just the first.
    const answers = await Promise.all(Array.from({ length: 12 }, () => cms.http().get('/health/ready')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
  }, 60_000);
});
