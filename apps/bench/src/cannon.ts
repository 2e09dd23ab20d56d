import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LoadRow } from './report';

export interface CannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  setupRequest?: (request: CannonRequest) => CannonRequest & { body: string };
}

interface CannonResult {
  readonly requests: { readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

type Cannon = (options: Record<string, unknown>, done: (error: Error | null, result: CannonResult) => void) => unknown;

/**
 * Loads one request the way the shared driver measures its rows (32 connections, 3 s warm-up
 * unless none is wanted), with the repository's autocannon, and reports it as a row of the table.
 */
export async function cannonRow(
  repo: string,
  port: number,
  row: { readonly id: string; readonly request: string; readonly warmUp: boolean },
  request: CannonRequest,
  duration: number,
): Promise<LoadRow> {
  const autocannon = createRequire(join(repo, 'package.json'))('autocannon') as Cannon;
  const cannon = (seconds: number) =>
    new Promise<CannonResult>((resolve, reject) =>
      autocannon(
        {
          url: `http://127.0.0.1:${port}`,
          connections: 32,
          duration: seconds,
          pipelining: 1,
          timeout: 10,
          requests: [request],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
  if (row.warmUp) await cannon(3);
  const result = await cannon(duration);
  return {
    id: row.id,
    request: row.request,
    reqPerSec: Math.round(result.requests.average * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** An access token of the bench's admin. */
export async function adminToken(port: number, admin: { email: string; password: string }): Promise<string> {
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return accessToken;
}
