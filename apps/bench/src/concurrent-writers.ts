import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LoadRow } from './report';

interface CannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  setupRequest?: (request: CannonRequest) => CannonRequest & { body: string };
}
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

const TAGS = 20;

/**
 * W1: 32 connections creating and publishing documents with to-many links at once, on a type
 * made for it (posts with tags), through the admin API. Every create must succeed: concurrent
 * link writes used to deadlock on MariaDB (56% of creates failed with 12 writers).
 */
export async function loadConcurrentWriters(
  repo: string,
  port: number,
  admin: { email: string; password: string },
  duration: number,
): Promise<LoadRow> {
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  const send = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { data: { documentId: string } };
  };
  await send('PUT', '/admin/content-types', {
    definitions: [
      {
        info: { singularName: 'bench-tag', pluralName: 'bench-tags', displayName: 'Bench tag' },
        attributes: { name: { type: 'string' } },
      },
      {
        info: { singularName: 'bench-post', pluralName: 'bench-posts', displayName: 'Bench post' },
        options: { draftAndPublish: true },
        attributes: {
          title: { type: 'string' },
          tags: { type: 'relation', relation: 'manyToMany', target: 'bench-tag' },
        },
      },
    ],
  });
  const tags: string[] = [];
  for (let index = 0; index < TAGS; index += 1)
    tags.push((await send('POST', '/api/bench-tags', { data: { name: `tag ${index}` } })).data.documentId);
  let next = 0;
  const request: CannonRequest = {
    method: 'POST',
    path: '/api/bench-posts',
    headers,
    setupRequest: (current) => {
      next += 1;
      // Three overlapping tags in varying order: the writers' link rows contend.
      const chosen = [tags[next % TAGS]!, tags[(next * 7) % TAGS]!, tags[(next * 13 + 5) % TAGS]!];
      return { ...current, body: JSON.stringify({ data: { title: `post ${next}`, tags: { connect: chosen } } }) };
    },
  };
  const autocannon = createRequire(join(repo, 'package.json'))('autocannon') as Cannon;
  const result = await new Promise<CannonResult>((resolve, reject) =>
    autocannon(
      { url: base, connections: 32, duration, pipelining: 1, timeout: 10, requests: [request] },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    ),
  );
  return {
    id: 'W1',
    request: '32 writers, to-many links',
    reqPerSec: Math.round(result.requests.average * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
