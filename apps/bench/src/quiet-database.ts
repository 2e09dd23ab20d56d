/* eslint-disable no-console -- a command-line report */
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 1000;
/** Below this share of one core, the database has finished its background work. */
const QUIET_SHARE = 0.1;
const MAX_WAIT_MS = 120_000;

/**
 * Waits until the local MariaDB/MySQL server is idle. After a bulk load InnoDB keeps working for
 * a while (purge, the FULLTEXT index cache, flushing); measuring a server then would charge it
 * for the previous step. Both servers are measured after this wait. Does nothing when the
 * database process is not on this machine.
 */
export async function waitForQuietDatabase(): Promise<void> {
  const pid = databasePid();
  if (pid === undefined) return;
  const started = Date.now();
  let before = cpuTicks(pid);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    const now = cpuTicks(pid);
    // Linux counts CPU time in ticks of 1/100 s.
    const share = (now - before) / 100 / (SAMPLE_MS / 1000);
    before = now;
    if (share < QUIET_SHARE) break;
    if (Date.now() - started > MAX_WAIT_MS) {
      console.log(`# the database is still busy (${Math.round(share * 100)}% of a core): measuring anyway`);
      return;
    }
  }
  console.log(`# the database settled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function databasePid(): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (name === 'mariadbd' || name === 'mysqld') return Number(entry);
    }
  } catch {
    // not Linux, or /proc is not readable
  }
  return undefined;
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name.
  return Number(fields[11]) + Number(fields[12]);
}
