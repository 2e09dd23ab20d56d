import { compileFilter, parseQuery, type CompileContext } from '@cms/content';
import { SchemaRegistry, type ContentType } from '@cms/schema';
import { parse as parseQs } from 'qs';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app';
import { testDialect } from './support/test-database';

/** The filters of CONTRACT §3, run as SQL on the real database: each operator, through relations. */
describe('filters compiled to SQL', () => {
  let cms: TestApp;
  let registry: SchemaRegistry;
  let dataSource: DataSource;

  beforeAll(async () => {
    cms = await startTestApp();
    registry = cms.app.get(SchemaRegistry);
    dataSource = cms.app.get(DataSource);
    await registry.put(
      [
        {
          info: { singularName: 'author', pluralName: 'authors', displayName: 'Author' },
          attributes: {
            name: { type: 'string' },
            articles: { type: 'relation', relation: 'oneToMany', target: 'article', mappedBy: 'author' },
          },
        },
        {
          info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
          attributes: { name: { type: 'string' } },
        },
        {
          info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
          options: { draftAndPublish: true },
          attributes: {
            title: { type: 'string' },
            views: { type: 'integer' },
            rating: { type: 'decimal' },
            featured: { type: 'boolean' },
            publishedDate: { type: 'datetime' },
            author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
            tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
          },
        },
      ],
      'upsert',
      { confirmed: false },
    );
    const now = '2026-01-01 00:00:00.000';
    const document = (id: string, type: string) =>
      dataSource.query('INSERT INTO cms_documents (document_id, content_type) VALUES (?, ?)', [id, type]);
    for (const [id, name] of [
      ['author-ann', 'Ann'],
      ['author-bob', 'Bob'],
    ]) {
      await document(id, 'author');
      await dataSource.query(
        'INSERT INTO authors (document_id, is_published, created_at, updated_at, name) VALUES (?, 1, ?, ?, ?)',
        [id, now, now, name],
      );
    }
    for (const [id, name] of [
      ['tag-news', 'news'],
      ['tag-tech', 'tech'],
    ]) {
      await document(id, 'tag');
      await dataSource.query(
        'INSERT INTO tags (document_id, is_published, created_at, updated_at, name) VALUES (?, 1, ?, ?, ?)',
        [id, now, now, name],
      );
    }
    const articles: [string, string | null, number, string, boolean, string, string | null, string[]][] = [
      ['a1', 'Hello World', 10, '1.50', true, '2024-03-01 10:00:00.000', 'author-ann', ['tag-news']],
      ['a2', 'hello again', 600, '4.25', false, '2025-06-15 08:30:00.000', 'author-bob', ['tag-news', 'tag-tech']],
      ['a3', '100% pure_text', 900, '3.00', true, '2025-12-31 23:59:59.000', null, []],
      ['a4', null, 0, '0.00', false, '2023-01-01 00:00:00.000', 'author-ann', ['tag-tech']],
    ];
    for (const [id, title, views, rating, featured, date, author, tags] of articles) {
      await document(id, 'article');
      await dataSource.query(
        'INSERT INTO articles (document_id, is_published, created_at, updated_at, title, views, rating, featured, published_date, author_document_id) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id, now, now, title, views, rating, featured ? 1 : 0, date, author],
      );
      const [row] = await dataSource.query('SELECT id FROM articles WHERE document_id = ?', [id]);
      for (const [position, tag] of tags.entries()) {
        await dataSource.query(
          'INSERT INTO articles_tags_lnk (row_id, target_document_id, position) VALUES (?, ?, ?)',
          [row.id, tag, position],
        );
      }
    }
  });

  afterAll(() => cms.close());

  async function matching(queryString: string, typeName = 'article'): Promise<string[]> {
    const type = registry.get(typeName) as ContentType;
    const query = parseQuery(parseQs(queryString, { depth: 20 }) as Record<string, unknown>, {
      type,
      typeOf: (name) => registry.get(name),
    });
    const context: CompileContext = {
      dialect: testDialect(),
      typeOf: (name) => registry.get(name),
      status: 'published',
    };
    const where = compileFilter(query.filter!, type, 't', context);
    const rows = await dataSource.query(
      `SELECT t.document_id AS id FROM ${type.tableName} t WHERE t.is_published = 1 AND ${where.text} ORDER BY t.document_id`,
      [...where.params],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  it.each([
    ['filters[title][$eq]=Hello World', ['a1']],
    ['filters[title][$eq]=hello world', []],
    ['filters[title][$eqi]=hello world', ['a1']],
    ['filters[title][$ne]=Hello World', ['a2', 'a3']],
    ['filters[title][$nei]=HELLO WORLD', ['a2', 'a3']],
    ['filters[views][$lt]=600', ['a1', 'a4']],
    ['filters[views][$lte]=600', ['a1', 'a2', 'a4']],
    ['filters[views][$gt]=600', ['a3']],
    ['filters[views][$gte]=600', ['a2', 'a3']],
    ['filters[views][$in][0]=10&filters[views][$in][1]=900', ['a1', 'a3']],
    ['filters[views][$notIn][0]=10&filters[views][$notIn][1]=900', ['a2', 'a4']],
    ['filters[title][$contains]=ello', ['a1', 'a2']],
    ['filters[title][$contains]=HELLO', []],
    ['filters[title][$notContains]=ello', ['a3']],
    ['filters[title][$containsi]=HELLO', ['a1', 'a2']],
    ['filters[title][$notContainsi]=HELLO', ['a3']],
    ['filters[title][$startsWith]=hello', ['a2']],
    ['filters[title][$startsWithi]=hello', ['a1', 'a2']],
    ['filters[title][$endsWith]=World', ['a1']],
    ['filters[title][$endsWithi]=AGAIN', ['a2']],
    ['filters[title][$contains]=%', ['a3']],
    ['filters[title][$contains]=_', ['a3']],
    ['filters[title][$null]=true', ['a4']],
    ['filters[title][$notNull]=true', ['a1', 'a2', 'a3']],
    ['filters[views][$between][0]=10&filters[views][$between][1]=600', ['a1', 'a2']],
    ['filters[rating][$gt]=3', ['a2']],
    ['filters[featured][$eq]=true', ['a1', 'a3']],
    ['filters[publishedDate][$gte]=2025-01-01T00:00:00Z', ['a2', 'a3']],
    ['filters[documentId][$eq]=a2', ['a2']],
    ['filters[$or][0][views][$gt]=800&filters[$or][1][title][$eq]=Hello World', ['a1', 'a3']],
    ['filters[$and][0][views][$gt]=5&filters[$and][1][featured][$eq]=false', ['a2']],
    ['filters[$not][featured][$eq]=true', ['a2', 'a4']],
    ['filters[views][$not][$gt]=500', ['a1', 'a4']],
    ['filters[author][name][$eq]=Ann', ['a1', 'a4']],
    ['filters[author][name][$null]=true', []],
    ['filters[author][id][$null]=true', ['a3']],
    ['filters[author][id][$notNull]=true', ['a1', 'a2', 'a4']],
    ['filters[tags][id][$null]=true', ['a3']],
    ['filters[$not][tags][id][$null]=true', ['a1', 'a2', 'a4']],
    ['filters[tags][name][$eq]=tech', ['a2', 'a4']],
    ['filters[tags][name][$eq]=news&filters[author][name][$eq]=Bob', ['a2']],
  ])('%s', async (query, expected) => {
    expect(await matching(query)).toEqual(expected);
  });

  it('filters through the inverse side of a relation', async () => {
    expect(await matching('filters[articles][views][$gt]=500', 'author')).toEqual(['author-bob']);
    expect(await matching('filters[articles][title][$null]=true', 'author')).toEqual(['author-ann']);
  });

  it('binds every value: an injection attempt is only a value', async () => {
    expect(await matching("filters[title][$eq]=' OR 1=1 --")).toEqual([]);
    expect(await matching("filters[title][$contains]=') OR ('1'='1")).toEqual([]);
  });
});
