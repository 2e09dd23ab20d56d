import { SchemaRegistry } from '@cms/schema';
import { loginAsAdmin, type Session } from './support/auth';
import { countRows } from './support/query-database';
import { startTestApp, type TestApp } from './support/test-app';

const WRITERS = 12;
const CREATES_EACH = 8;

/**
 * Concurrent creates with to-many links, as many editors or an import would send them: on
 * MariaDB they used to deadlock on the link table (9% of creates failed with 4 writers, 56% with
 * 12). Every one must now succeed, and every link must be there.
 */
describe('concurrent writes with to-many links', () => {
  let cms: TestApp;
  let admin: Session;
  const tags: string[] = [];

  beforeAll(async () => {
    cms = await startTestApp();
    await cms.app.get(SchemaRegistry).put(
      [
        {
          info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
          attributes: { name: { type: 'string' } },
        },
        {
          info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
          options: { draftAndPublish: true },
          attributes: {
            title: { type: 'string' },
            tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
          },
        },
      ],
      'upsert',
      { confirmed: false },
    );
    admin = await loginAsAdmin(cms);
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      const created = await cms
        .http()
        .post('/api/tags')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ data: { name } })
        .expect(201);
      tags.push(created.body.data.documentId);
    }
  });

  afterAll(() => cms.close());

  it(`creates and publishes ${WRITERS * CREATES_EACH} documents from ${WRITERS} writers at once, none failing`, async () => {
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        for (let index = 0; index < CREATES_EACH; index += 1) {
          // Overlapping sets of tags, in different orders: the locks writers take overlap too.
          const chosen = [tags[(writer + index) % 5]!, tags[(writer + 2 * index + 1) % 5]!, tags[(index + 3) % 5]!];
          const response = await cms
            .http()
            .post('/api/articles')
            .auth(admin.accessToken, { type: 'bearer' })
            .send({ data: { title: `w${writer}-${index}`, tags: { connect: chosen } } });
          statuses.push(response.status);
        }
      }),
    );
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    const counts = await countRows(cms.database.url, ['articles']);
    expect(counts.articles).toBe(2 * WRITERS * CREATES_EACH);
    const page = await cms
      .http()
      .get('/api/articles?pagination[pageSize]=100&populate[tags][fields][0]=name&sort=title')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    expect(page.body.meta.pagination.total).toBe(WRITERS * CREATES_EACH);
    for (const article of page.body.data) expect(article.tags.length).toBeGreaterThanOrEqual(1);
  });
});
