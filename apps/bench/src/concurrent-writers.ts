import { adminToken, cannonRow, type CannonRequest } from './cannon';
import type { LoadRow } from './report';

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
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await adminToken(port, admin)}` };
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
  return cannonRow(repo, port, { id: 'W1', request: '32 writers, to-many links', warmUp: false }, request, duration);
}
