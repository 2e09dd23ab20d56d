import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './cms-process';
import { withServer } from './test-database';

const run = promisify(execFile);

/**
 * A MariaDB server of one suite's own, on a free port and a temporary data folder, so that a test
 * can stop and start it without disturbing the shared server the other suites use.
 */
export class PrivateMariaDb {
  private server?: ChildProcess;

  private constructor(
    private readonly folder: string,
    readonly port: number,
    private readonly options: readonly string[],
  ) {}

  /** `options`: more server options, such as `--log-bin` and `--server-id` for replication. */
  static async create(options: readonly string[] = []): Promise<PrivateMariaDb> {
    const folder = mkdtempSync(join(tmpdir(), 'cms-mariadb-'));
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${join(folder, 'data')}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
    return new PrivateMariaDb(folder, await freePort(), options);
  }

  get serverUrl(): URL {
    return new URL(`mysql://root@127.0.0.1:${this.port}`);
  }

  async start(): Promise<void> {
    this.server = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${join(this.folder, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.folder, 'mariadb.sock')}`,
        `--pid-file=${join(this.folder, 'mariadb.pid')}`,
        `--log-error=${join(this.folder, 'error.log')}`,
        '--user=root',
        ...this.options,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const answered = await withServer(this.serverUrl, async () => true).catch(() => false);
      if (answered) return;
      await sleep(100);
    }
    throw new Error(`the private MariaDB on port ${this.port} did not start`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }

  /** Runs statements on the server as root, one after another. */
  async execute(...statements: string[]): Promise<void> {
    await withServer(this.serverUrl, async (connection) => {
      for (const statement of statements) await connection.query(statement);
    });
  }

  async createDatabase(name: string): Promise<string> {
    await withServer(this.serverUrl, (connection) => connection.query(`CREATE DATABASE \`${name}\``));
    const url = this.serverUrl;
    url.pathname = `/${name}`;
    return url.toString();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
