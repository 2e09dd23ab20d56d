import { isUniqueViolation } from '@cms/core';
import { parseDefinitions, planSchema, SchemaApplier, tableSpecsOf, type TableSpec } from '@cms/schema';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app';

const author = {
  info: { singularName: 'author', pluralName: 'authors', displayName: 'Author' },
  attributes: { name: { type: 'string' } },
};
const tag = {
  info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
  attributes: { name: { type: 'string', unique: true } },
};
const article = (attributes: Record<string, unknown>) => ({
  info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
  options: { draftAndPublish: true },
  attributes,
});
const v1 = article({
  title: { type: 'string', maxLength: 200, unique: true },
  body: { type: 'richtext' },
  views: { type: 'integer', index: true },
  author: { type: 'relation', relation: 'manyToOne', target: 'author' },
  tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
});
const v2 = article({
  title: { type: 'string', maxLength: 100, unique: true },
  body: { type: 'richtext' },
  author: { type: 'relation', relation: 'manyToOne', target: 'author' },
  tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
});

describe('the schema applier, on the test database', () => {
  let cms: TestApp;
  let applier: SchemaApplier;
  let dataSource: DataSource;
  const specs = (definitions: unknown[]): TableSpec[] =>
    parseDefinitions(definitions).flatMap((type) => tableSpecsOf(type, applier.dialect));

  beforeAll(async () => {
    cms = await startTestApp();
    applier = cms.app.get(SchemaApplier);
    dataSource = cms.app.get(DataSource);
    await applier.apply(planSchema([], specs([v1, author, tag])), { confirmed: false });
  });

  afterAll(() => cms.close());

  const insertDocument = (id: string) =>
    dataSource.query('INSERT INTO cms_documents (document_id, content_type) VALUES (?, ?)', [id, 'article']);
  const insertRow = (documentId: string, title: string, published: boolean) =>
    dataSource.query(
      'INSERT INTO articles (document_id, is_published, created_at, updated_at, title) VALUES (?, ?, ?, ?, ?)',
      [documentId, published ? 1 : 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00', title],
    );

  it('creates typed tables with their indexes, foreign keys and link tables', async () => {
    const queryRunner = dataSource.createQueryRunner();
    try {
      const articles = (await queryRunner.getTable('articles'))!;
      expect(articles.columns.map((column) => column.name)).toEqual(
        expect.arrayContaining(['id', 'document_id', 'is_published', 'title', 'body', 'views', 'author_document_id']),
      );
      expect(articles.indices.map((index) => index.name)).toEqual(
        expect.arrayContaining([
          'uq_articles_document_id_is_published',
          'uq_articles_title_is_published',
          'ix_articles_is_published_views',
        ]),
      );
      expect(articles.foreignKeys.map((foreignKey) => foreignKey.name)).toEqual(
        expect.arrayContaining([
          'fk_articles_document_id',
          'fk_articles_author_document_id',
          'fk_articles_created_by_id',
        ]),
      );
      expect(await queryRunner.hasTable('articles_tags_lnk')).toBe(true);
      // `search` uses a FULLTEXT index on MySQL and MariaDB; SQLite has none and searches by LIKE.
      const fullText = articles.indices.filter((index) => index.isFulltext);
      expect(fullText.map((index) => [index.name, index.columnNames])).toEqual(
        applier.dialect === 'mysql' ? [['ft_articles', ['title', 'body']]] : [],
      );
    } finally {
      await queryRunner.release();
    }
  });

  it('makes unique values unique per version, and case-insensitively on every database', async () => {
    await insertDocument('doc-one');
    await insertRow('doc-one', 'Hello', false);
    await insertRow('doc-one', 'Hello', true);
    await insertDocument('doc-two');
    const clash = await insertRow('doc-two', 'HELLO', false).catch((error: unknown) => error);
    expect(isUniqueViolation(clash)).toBe(true);
  });

  it('refuses a lossy plan unless confirmed, then applies it; a second run changes nothing', async () => {
    const plan = planSchema(specs([v1, author, tag]), specs([v2, author, tag]));
    const refused = await applier.apply(plan, { confirmed: false }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      errorName: 'ConflictError',
      code: 'DESTRUCTIVE_CHANGE',
      details: { steps: ['drop column articles.views', 'change column articles.title (may lose data)'] },
    });
    expect(await dataSource.createQueryRunner().hasColumn('articles', 'views')).toBe(true);
    await applier.apply(plan, { confirmed: true });
    await applier.apply(plan, { confirmed: true });
    const queryRunner = dataSource.createQueryRunner();
    try {
      const articles = (await queryRunner.getTable('articles'))!;
      expect(articles.columns.some((column) => column.name === 'views')).toBe(false);
      const [row] = await dataSource.query('SELECT title FROM articles WHERE document_id = ? AND is_published = 1', [
        'doc-one',
      ]);
      expect(row.title).toBe('Hello');
    } finally {
      await queryRunner.release();
    }
  });

  it('widens a column in place, keeping its values (TypeORM alone would drop and re-add it on MySQL)', async () => {
    const wider = article({
      title: { type: 'text' },
      body: { type: 'richtext' },
      author: { type: 'relation', relation: 'manyToOne', target: 'author' },
      tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
    });
    const plan = planSchema(specs([v2, author, tag]), specs([wider, author, tag]));
    expect(plan.destructive).toEqual([]);
    await applier.apply(plan, { confirmed: false });
    const rows = await dataSource.query('SELECT title FROM articles WHERE document_id = ? ORDER BY is_published', [
      'doc-one',
    ]);
    expect(rows.map((row: { title: string }) => row.title)).toEqual(['Hello', 'Hello']);
    await applier.apply(planSchema(specs([wider, author, tag]), specs([v2, author, tag])), { confirmed: true });
  });

  it('deletes a document’s rows with it, through the foreign key', async () => {
    await dataSource.query('DELETE FROM cms_documents WHERE document_id = ?', ['doc-one']);
    const rows = await dataSource.query('SELECT id FROM articles WHERE document_id = ?', ['doc-one']);
    expect(rows).toEqual([]);
  });

  it('drops a removed type’s tables, links first', async () => {
    const plan = planSchema(specs([v2, author, tag]), specs([author]));
    await applier.apply(plan, { confirmed: true });
    const queryRunner = dataSource.createQueryRunner();
    try {
      expect(await queryRunner.hasTable('articles_tags_lnk')).toBe(false);
      expect(await queryRunner.hasTable('articles')).toBe(false);
      expect(await queryRunner.hasTable('authors')).toBe(true);
    } finally {
      await queryRunner.release();
    }
  });
});
