import { cannonRow } from './cannon';
import type { LoadRow } from './report';

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
  return cannonRow(
    repo,
    port,
    { id: 'R6', request: 'cursor page 300', warmUp: true },
    { method: 'GET', path, headers },
    duration,
  );
}
