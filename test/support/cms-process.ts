import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from './build';

const API_MAIN = join(PROJECT_ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const CLI_BIN = join(PROJECT_ROOT, 'apps', 'cli', 'bin', 'cms.js');

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh working directory, as on a new machine: nothing in it, not even ./data. */
export function freshWorkingDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'cms-cwd-'));
}

/** Only what a process needs from this one: no test variables leak into the CMS under test. */
function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
}

function collect(child: ChildProcess): Promise<Finished> & { stdout: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return Object.assign(finished, { stdout: () => stdout });
}

/** Runs `cms` with a JWT secret set, so that no secret is generated (and warned about) in `cwd`. */
export function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<Finished> {
  const withSecret = { JWT_SECRET: 'cli-test-secret-of-at-least-thirty-two-bytes', ...env };
  return collect(spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: baseEnv(withSecret) }));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export interface ServerProcess {
  readonly base: string;
  readonly finished: Promise<Finished>;
  /** What the server printed so far. */
  output(): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<Finished>;
}

/**
 * Starts the built API (`node dist/apps/api/src/main.js`) and waits for its first ready 200; on
 * `env.PORT` when given (a restart behind a balancer keeps its address), else on a free port.
 */
export async function startServer(env: Record<string, string>, cwd: string): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [API_MAIN], { cwd, env: baseEnv({ PORT: String(port), ...env }) });
  const finished = collect(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  let exited = false;
  void finished.then(() => (exited = true));
  while (!exited && Date.now() < deadline) {
    const response = await fetch(`${base}/health/ready`).catch(() => undefined);
    if (response?.status === 200) {
      return {
        base,
        finished,
        output: async () => finished.stdout(),
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return finished;
        },
      };
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  const result = await finished;
  throw new Error(`the API did not become ready: ${result.stderr || result.stdout}`);
}
