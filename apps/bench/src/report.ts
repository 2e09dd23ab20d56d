import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface LoadRow {
  readonly id: string;
  readonly request: string;
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

export interface LoadResult {
  readonly rows: readonly LoadRow[];
  readonly rssKbEnd: number | null;
}

export interface BenchRun {
  readonly articles: number;
  readonly ours: LoadResult;
  readonly raw?: LoadResult;
  readonly coldStartMs: number;
  readonly loadSeconds: number;
}

/** The issue's targets: ratios to the raw baseline (R6: to our own R1), in the same run. */
const TARGETS: Readonly<Record<string, number>> = { R1: 0.7, R2: 0.7, R3: 0.5, R4: 0.7, R5: 0.25, R6: 0.9 };
const COLD_START_MS = 1500;
const RSS_MB = 250;

export function table(run: BenchRun): string {
  const lines = [
    '| request | req/s | p50 ms | p99 ms | errors | raw req/s | ours/raw | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const ourR1 = run.ours.rows.find((row) => row.id === 'R1')?.reqPerSec;
  for (const row of run.ours.rows) {
    const raw = run.raw?.rows.find((candidate) => candidate.id === row.id);
    const base = row.id === 'R6' ? ourR1 : raw?.reqPerSec;
    const ratio = base ? row.reqPerSec / base : undefined;
    const target = TARGETS[row.id];
    const failures = row.non2xx + row.errors + row.timeouts;
    const verdict =
      row.id === 'W1'
        ? `${failures === 0 ? 'met' : 'missed'} (no error)`
        : ratio === undefined || target === undefined
          ? ''
          : `${ratio >= target ? 'met' : 'missed'} (≥ ${target}${row.id === 'R6' ? '× our R1' : '×'})`;
    lines.push(
      `| ${row.id} ${row.request} | ${row.reqPerSec} | ${row.p50} | ${row.p99} | ${failures} | ${raw?.reqPerSec ?? '–'} | ${ratio === undefined ? '–' : ratio.toFixed(2)} | ${verdict} |`,
    );
  }
  const rssMb = run.ours.rssKbEnd === null ? undefined : run.ours.rssKbEnd / 1024;
  lines.push(
    '',
    `Cold start (process start to the first 200): ${Math.round(run.coldStartMs)} ms (target < ${COLD_START_MS} ms: ${run.coldStartMs < COLD_START_MS ? 'met' : 'missed'}).`,
    `RSS after the load: ${rssMb === undefined ? '?' : `${rssMb.toFixed(0)} MB`} (target < ${RSS_MB} MB: ${rssMb !== undefined && rssMb < RSS_MB ? 'met' : 'missed'})${run.raw?.rssKbEnd ? `; raw baseline ${(run.raw.rssKbEnd / 1024).toFixed(0)} MB` : ''}.`,
    `Dataset loaded in ${run.loadSeconds.toFixed(1)} s.`,
  );
  return lines.join('\n');
}

/** Puts a run's section into BENCHMARKS.md (one per dataset size), keeping the rest of the file. */
export function writeBenchmarks(path: string, run: BenchRun, context: string): void {
  const start = `<!-- bench:${run.articles}:start -->`;
  const end = `<!-- bench:${run.articles}:end -->`;
  const section = `${start}\n### ${run.articles.toLocaleString('en-US')} articles\n\n${context}\n\n${table(run)}\n${end}`;
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n## Latest runs\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${section}${text.slice(to + end.length)}`
      : text.replace('## Latest runs\n', `## Latest runs\n\n${section}\n`);
  writeFileSync(path, text);
}
