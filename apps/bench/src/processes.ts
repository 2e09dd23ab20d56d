import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  /** From spawn to the first 200 of the readiness URL. */
  readonly coldStartMs: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts a server process and waits until `readyPath` answers 200 (its output goes to ours on failure). */
export async function startServer(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  readyPath: string,
  options: {
    readonly port: number;
    readonly cwd?: string;
    readonly timeoutMs?: number;
    /** Which status means ready (default: 200). */
    readonly accept?: (status: number) => boolean;
  },
): Promise<Started> {
  const output: string[] = [];
  const started = process.hrtime.bigint();
  const child = spawn(command, [...args], { env: { ...process.env, ...env }, cwd: options.cwd, stdio: 'pipe' });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited:\n${output.join('')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${options.port}${readyPath}`);
      if ((options.accept ?? ((status: number) => status === 200))(response.status)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${command} did not become ready:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const coldStartMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    child,
    port: options.port,
    coldStartMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs a command to its end; its output streams through, a failure throws. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env: { ...process.env, ...env }, cwd, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`)),
    );
    child.on('error', reject);
  });
}
