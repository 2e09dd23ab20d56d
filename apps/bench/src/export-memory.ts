import { readFileSync } from 'node:fs';

export interface ExportMeasure {
  readonly documents: number;
  readonly seconds: number;
  readonly bytes: number;
  readonly rssBeforeMb: number;
  readonly rssPeakMb: number;
  /** The server's RSS when a quarter, half, three quarters and all of the documents had arrived. */
  readonly rssAtQuartersMb: readonly number[];
}

/**
 * E1: every article through `GET /api/articles/export` (NDJSON, as the token may read them), read
 * as it streams, while the server's resident memory is sampled every 50 ms: what it takes must
 * not grow with the number of documents.
 */
export async function measureExport(
  port: number,
  token: string,
  pid: number,
  expected: number,
  format = 'ndjson',
): Promise<ExportMeasure> {
  const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const rssBeforeMb = rss();
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rss())), 50);
  const started = performance.now();
  let bytes = 0;
  let documents = 0;
  const rssAtQuartersMb: number[] = [];
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/articles/export?format=${format}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) documents += 1;
      while (documents >= ((rssAtQuartersMb.length + 1) * expected) / 4) rssAtQuartersMb.push(rss());
    }
  } finally {
    clearInterval(sampler);
  }
  return { documents, seconds: (performance.now() - started) / 1000, bytes, rssBeforeMb, rssPeakMb, rssAtQuartersMb };
}
