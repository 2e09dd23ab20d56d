import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` until it holds, every `everyMs`; returns how long that took, or fails after `withinMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  withinMs: number,
  what: string,
  everyMs = 25,
): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < withinMs) {
    if (await check()) return Date.now() - start;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not within ${withinMs} ms`);
}
