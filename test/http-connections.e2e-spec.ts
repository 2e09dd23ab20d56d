import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshWorkingDirectory, startServer, type ServerProcess } from './support/cms-process';
import { createTestDatabase, testDialect, type TestDatabase } from './support/test-database';

jest.setTimeout(60_000);

/** A raw connection to the server, recording what it answered and when it was closed. */
interface RawConnection {
  readonly socket: Socket;
  received(): string;
  readonly closed: Promise<number>;
}

const opened: Socket[] = [];

async function open(base: string): Promise<RawConnection> {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  opened.push(socket);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return { socket, received: () => received, closed };
}

/** Writes `parts` one after another, `everyMs` apart, while the socket is open. */
async function trickle(connection: RawConnection, parts: readonly string[], everyMs: number): Promise<void> {
  for (const part of parts) {
    if (connection.socket.destroyed) return;
    connection.socket.write(part);
    await sleep(everyMs);
  }
}

/** Resolves when the connection is closed, or fails after `withinMs`. */
async function closedWithin(connection: RawConnection, withinMs: number): Promise<number> {
  const timeout = sleep(withinMs, undefined, { ref: false }).then(() => {
    throw new Error(`still open after ${withinMs} ms; received: ${connection.received().slice(0, 200)}`);
  });
  return Promise.race([connection.closed, timeout]);
}

function get(base: string, path: string, agent: Agent): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${base}${path}`, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection }));
    });
    call.on('error', reject);
    call.end();
  });
}

describe('the HTTP server under slow, idle and keep-alive clients', () => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;

  const start = async (env: Record<string, string>) => {
    const withDatabase: Record<string, string> = testDialect() === 'mysql' ? { DATABASE_URL: database.url } : {};
    server = await startServer({ ...withDatabase, ...env }, freshWorkingDirectory());
    return server;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    for (const socket of opened.splice(0)) socket.destroy();
    await server?.stop('SIGKILL');
    server = undefined;
    await database.drop();
  });

  it('closes slow headers, slow bodies and idle connections, and keeps serving meanwhile', async () => {
    const { base } = await start({
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
    });
    const slowHeaders = await open(base);
    void trickle(slowHeaders, ['GET /health/live HTTP/1.1\r\n', ...Array(40).fill('X-Slow: 1\r\n')], 250);
    const slowBody = await open(base);
    const body = JSON.stringify({ email: 'someone@test.local', password: 'a long enough password' });
    void trickle(
      slowBody,
      [
        `POST /api/auth/login HTTP/1.1\r\nHost: cms\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        ...body.split(''),
      ],
      250,
    );
    const idle = await Promise.all(Array.from({ length: 50 }, () => open(base)));
    const keptAlive = await open(base);
    keptAlive.socket.write('GET /health/live HTTP/1.1\r\nHost: cms\r\n\r\n');

    // Others are still served while these hold their sockets.
    expect((await fetch(`${base}/health/live`)).status).toBe(200);

    // Each is closed by its own timeout (checked every second), long before it would finish.
    await closedWithin(slowHeaders, 4_000);
    expect(slowHeaders.received()).toMatch(/^HTTP\/1\.1 408 /);
    await closedWithin(slowBody, 5_000);
    expect(slowBody.received()).toMatch(/^HTTP\/1\.1 408 /);
    await Promise.all(idle.map((connection) => closedWithin(connection, 4_000)));
    await closedWithin(keptAlive, 4_000);
    expect(keptAlive.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });

  it('after SIGTERM, closes idle keep-alive connections, answers with Connection: close, and exits in time though clients keep sending', async () => {
    const drainMs = 1_500;
    const requestTimeoutMs = 2_000;
    const cms = await start({
      SHUTDOWN_DRAIN_MS: String(drainMs),
      HTTP_REQUEST_TIMEOUT_MS: String(requestTimeoutMs),
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '30000',
    });
    const idle = await open(cms.base);
    idle.socket.write('GET /health/live HTTP/1.1\r\nHost: cms\r\n\r\n');
    // A request that never completes holds its connection until the deadline.
    const stuck = await open(cms.base);
    stuck.socket.write('POST /api/auth/login HTTP/1.1\r\nHost: cms\r\nContent-Length: 100\r\n\r\n{');

    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    const answers: { at: number; status: number; connection: string | undefined }[] = [];
    let sending = true;
    const clients = Array.from({ length: 2 }, async () => {
      while (sending) {
        try {
          answers.push({ at: Date.now(), ...(await get(cms.base, '/health/live', agent)) });
        } catch (error) {
          // A reused connection the server closed meanwhile fails as any keep-alive race does: retry.
          if ((error as { code?: string }).code === 'ECONNREFUSED') break;
        }
      }
    });
    await sleep(300);
    const signalled = Date.now();
    const finished = cms.stop('SIGTERM');

    expect(await closedWithin(idle, 1_000)).toBeLessThan(signalled + drainMs);
    const exited = await Promise.race([finished.then(() => Date.now()), sleep(15_000, undefined, { ref: false })]);
    sending = false;
    await Promise.all(clients);
    agent.destroy();

    expect(exited).toBeDefined();
    // Within the drain plus the longest a request may take, with a second for the process to stop.
    expect(exited! - signalled).toBeLessThan(drainMs + requestTimeoutMs + 1_000);
    const afterSignal = answers.filter((answer) => answer.at > signalled + 50);
    expect(afterSignal.length).toBeGreaterThan(0);
    expect(afterSignal.every((answer) => answer.status === 200 && answer.connection === 'close')).toBe(true);
    expect(
      answers.filter((answer) => answer.at < signalled).every((answer) => answer.connection === 'keep-alive'),
    ).toBe(true);
    server = undefined;
  });
});
