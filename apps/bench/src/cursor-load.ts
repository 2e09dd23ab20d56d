import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LoadRow } from './report';

interface Cannon {
  (options: Record<string, unknown>, done: (error: Error | null, result: CannonResult) => void): unknown;
}
interface CannonResult {
  readonly requests: { readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

const BASE = '/api/articles?sort=id:asc&pagination[pageSize]=25';

/**
 * R6 the way the shared driver measures the others (32 connections, 3 s warm-up): the shared
 * driver looks for `nextCursor` on a plain first page, which our page answers (Strapi's shape)
 * do not carry, so the walk starts from `pagination[cursor]=` as our API documents.
 */
export async function loadCursorPage(
  repo: string,
  port: number,
  token: string,
  depth: number,
  duration: number,
): Promise<LoadRow> {
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}` };
  let cursor = '';
  for (let page = 1; page < depth; page += 1) {
    const response = await fetch(`${base}${BASE}&pagination[cursor]=${encodeURIComponent(cursor)}`, { headers });
    const body = (await response.json()) as { meta?: { pagination?: { nextCursor?: string | null } } };
    const next = body.meta?.pagination?.nextCursor;
    if (!next) throw new Error(`the cursor walk ended at page ${page}`);
    cursor = next;
  }
  const path = `${BASE}&pagination[cursor]=${encodeURIComponent(cursor)}`;
  const autocannon = createRequire(join(repo, 'package.json'))('autocannon') as Cannon;
  const cannon = (seconds: number) =>
    new Promise<CannonResult>((resolve, reject) =>
      autocannon(
        {
          url: base,
          connections: 32,
          duration: seconds,
          pipelining: 1,
          timeout: 10,
          requests: [{ method: 'GET', path, headers }],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
  await cannon(3);
  const result = await cannon(duration);
  return {
    id: 'R6',
    request: 'cursor page 300',
    reqPerSec: Math.round(result.requests.average * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
