import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from './build';

/** The balancer configuration the README's deployment section gives, as written there. */
export function readmeHaproxyConfig(): string {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const block = /```haproxy\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('the README has no ```haproxy block');
  return block;
}

/**
 * HAProxy from the distribution's package, on the README's configuration with only its addresses
 * changed: the frontend on `port`, the servers on the given local ports, in their order.
 */
export class Haproxy {
  private constructor(private readonly process: ChildProcess) {}

  static async start(port: number, serverPorts: readonly number[]): Promise<Haproxy> {
    let next = 0;
    const config = readmeHaproxyConfig()
      .replace(/^(\s*bind\s+)\S+/m, `$1127.0.0.1:${port}`)
      .replace(/^(\s*server\s+\S+\s+)\S+/gm, (_line, start: string) => {
        const serverPort = serverPorts[next++];
        if (serverPort === undefined) throw new Error('the README names more servers than were started');
        return `${start}127.0.0.1:${serverPort}`;
      });
    if (next !== serverPorts.length) throw new Error(`the README names ${next} servers, not ${serverPorts.length}`);
    const file = join(mkdtempSync(join(tmpdir(), 'cms-haproxy-')), 'haproxy.cfg');
    writeFileSync(file, config);
    const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`haproxy exited: ${errors}`);
      const answer = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      if (answer?.status === 200) return new Haproxy(child);
      await sleep(100);
    }
    child.kill('SIGKILL');
    throw new Error(`haproxy did not answer: ${errors}`);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    await exited;
  }
}
