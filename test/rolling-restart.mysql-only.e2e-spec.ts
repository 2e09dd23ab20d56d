import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, freshWorkingDirectory, startServer, type ServerProcess } from './support/cms-process';
import { Haproxy } from './support/haproxy';
import { PrivateRedis } from './support/private-redis';
import { queryDatabase } from './support/query-database';
import { createTestDatabase, type TestDatabase } from './support/test-database';

jest.setTimeout(240_000);

const ADMIN = { email: 'admin@rolling.test', password: 'a long admin password' };
const DRAIN_MS = 3_000;
const WORKERS = 6;

interface Outcome {
  readonly at: number;
  readonly ok: boolean;
  readonly what: string;
}

/**
 * Three instances on one database and Redis behind HAProxy with the README's configuration, under
 * a steady load of reads and writes: restarted one by one with SIGTERM, no request fails; one
 * killed outright fails only what it had in flight; no acknowledged write is lost either way.
 */
describe('a rolling restart behind HAProxy', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let balancer: Haproxy;
  const instances: ServerProcess[] = [];
  let ports: number[];
  let base: string;
  let token: string;

  const start = (port: number) =>
    startServer(
      {
        PORT: String(port),
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        JWT_SECRET: 'rolling-restart-secret-of-32-bytes!',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        TRUST_PROXY: 'loopback',
        RATE_LIMIT: 'off',
        LOG_LEVEL: 'warn',
      },
      freshWorkingDirectory(),
    );

  beforeAll(async () => {
    database = await createTestDatabase('mysql');
    redis = await PrivateRedis.create();
    await redis.start();
    ports = [await freePort(), await freePort(), await freePort()];
    // One after another: the first runs the migrations, the others find them done.
    for (const port of ports) instances.push(await start(port));
    const port = await freePort();
    balancer = await Haproxy.start(port, ports);
    base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
    const admin = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const types = await fetch(`${base}/admin/content-types`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({
        definitions: [
          {
            info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
            attributes: { title: { type: 'string' } },
          },
        ],
      }),
    });
    expect(types.status).toBe(200);
  });

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(instances.map((instance) => instance.stop('SIGKILL')));
    await redis?.stop();
    await database?.drop();
  });

  /** Runs the load until `stop()`; every answer is recorded, and every acknowledged write. */
  function load() {
    const outcomes: Outcome[] = [];
    const written: string[] = [];
    let running = true;
    const worker = async (n: number) => {
      for (let i = 0; running; i += 1) {
        const write = (i + n) % 3 === 0;
        const what = write ? 'POST /api/notes' : 'GET /api/notes';
        try {
          const answer = write
            ? await fetch(`${base}/api/notes`, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ data: { title: `note ${n}-${i}` } }),
              })
            : await fetch(`${base}/api/notes?pagination[pageSize]=5`, {
                headers: { authorization: `Bearer ${token}` },
              });
          const body = (await answer.json()) as { data?: { documentId?: string } };
          if (write && answer.status === 201) written.push(body.data!.documentId!);
          outcomes.push({ at: Date.now(), ok: answer.status < 300, what: `${what} ${answer.status}` });
        } catch (error) {
          outcomes.push({ at: Date.now(), ok: false, what: `${what} ${(error as Error).message}` });
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, n) => worker(n));
    return {
      outcomes,
      written,
      stop: async () => {
        running = false;
        await Promise.all(workers);
      },
    };
  }

  /** What the database holds, read from outside the instances. */
  async function storedDocumentIds(): Promise<Set<string>> {
    const rows = await queryDatabase(database.url, 'SELECT document_id FROM notes');
    return new Set(rows.map((row) => String(row.document_id)));
  }

  /** Gives the balancer's checks (two passes, half a second apart) time to take an instance back. */
  const checksRise = () => sleep(1_500);

  it('restarts every instance under load without one failed request, and loses no write', async () => {
    const traffic = load();
    await sleep(1_000);
    for (let index = 0; index < instances.length; index += 1) {
      const finished = await instances[index]!.stop('SIGTERM');
      expect(finished.code === 0 || finished.signal === 'SIGTERM').toBe(true);
      instances[index] = await start(ports[index]!);
      await checksRise();
    }
    await traffic.stop();

    const failed = traffic.outcomes.filter((outcome) => !outcome.ok);
    expect(failed).toEqual([]);
    expect(traffic.outcomes.length).toBeGreaterThan(300);
    const stored = await storedDocumentIds();
    expect(traffic.written.filter((documentId) => !stored.has(documentId))).toEqual([]);
  });

  it('fails only the requests in flight on an instance killed outright, and loses no acknowledged write', async () => {
    const traffic = load();
    await sleep(1_000);
    const killedAt = Date.now();
    await instances[1]!.stop('SIGKILL');
    await sleep(3_000);
    instances[1] = await start(ports[1]!);
    await checksRise();
    await traffic.stop();

    const failed = traffic.outcomes.filter((outcome) => !outcome.ok);
    // At most one request per worker was in flight on it; each failed as it died, not later.
    expect(failed.length).toBeLessThanOrEqual(WORKERS);
    for (const outcome of failed) expect(outcome.at - killedAt).toBeLessThan(1_000);
    const stored = await storedDocumentIds();
    expect(traffic.written.filter((documentId) => !stored.has(documentId))).toEqual([]);
  });
});
