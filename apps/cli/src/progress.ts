import { SingleBar } from 'cli-progress';

/** How far a long command is: told the count done (and the total, once known). */
export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 2_000;

/**
 * Progress on standard error (standard output keeps the command's result, and an export's data):
 * a bar with counts, rate and ETA on a terminal (cli-progress); plain lines every 2 s otherwise, and
 * one at the end; nothing with `--json`, whose result is the machine's to read.
 */
export function progress(label: string, options: { readonly json?: boolean } = {}): Progress {
  if (options.json) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const rate = (done: number) => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
      },
      undefined,
    );
    let shown = false;
    return {
      update(done, total) {
        if (!shown) bar.start(total ?? done, done, { rate: 0 });
        shown = true;
        if (total !== undefined) bar.setTotal(total);
        bar.update(done, { rate: rate(done) });
      },
      stop: () => shown && bar.stop(),
    };
  }
  let last = started;
  let latest: { done: number; total: number | undefined } | undefined;
  const line = () => {
    // Nothing done, nothing to say (the command failed before it began).
    if (latest)
      process.stderr.write(
        `${label}: ${latest.done}${latest.total !== undefined ? ` / ${latest.total}` : ''} (${rate(latest.done)}/s)\n`,
      );
  };
  return {
    update(done, total) {
      latest = { done, total: total ?? latest?.total };
      if (Date.now() - last >= PLAIN_EVERY_MS) {
        last = Date.now();
        line();
      }
    },
    stop: line,
  };
}
