import { parseDefinitions } from '../definition/parse-definitions';
import { planSchema, type Step } from './plan-schema';
import { tableSpecsOf } from './table-specs-of';
import type { Dialect } from './table-spec';

const tag = {
  info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
  attributes: { name: { type: 'string', unique: true } },
};

function article(attributes: Record<string, unknown>, options: Record<string, unknown> = { draftAndPublish: true }) {
  return { info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' }, options, attributes };
}

function tables(definitions: unknown[], dialect: Dialect = 'mysql') {
  return parseDefinitions(definitions).flatMap((type) => tableSpecsOf(type, dialect));
}

/** A plan as short lines, to read like a migration. */
function describe_(steps: readonly Step[]): string[] {
  return steps.map((step) => {
    switch (step.kind) {
      case 'createTable':
        return `create ${step.table.name}(${step.table.columns.map((column) => column.name).join(', ')})`;
      case 'dropTable':
        return `drop ${step.table}`;
      case 'addColumn':
        return `add ${step.table}.${step.column.name} ${step.column.type}${step.column.length ? `(${step.column.length})` : ''}`;
      case 'dropColumn':
        return `drop ${step.table}.${step.column}`;
      case 'alterColumn':
        return `alter ${step.table}.${step.to.name} ${step.from.type}(${step.from.length ?? ''}) -> ${step.to.type}(${step.to.length ?? ''})${step.lossy ? ' lossy' : ''}`;
      case 'createIndex':
        return `index ${step.index.unique ? 'unique ' : ''}${step.index.fullText ? 'fulltext ' : ''}${step.table}(${step.index.columns.join(', ')})`;
      case 'dropIndex':
        return `drop index ${step.index}`;
      case 'addForeignKey':
        return `fk ${step.table}.${step.foreignKey.column} -> ${step.foreignKey.table}`;
      case 'dropForeignKey':
        return `drop fk ${step.table}.${step.foreignKey.column}`;
    }
  });
}

describe(planSchema.name, () => {
  it('creates a type’s table with system columns, typed columns, indexes and link tables', () => {
    const plan = planSchema(
      [],
      tables([
        article({
          title: { type: 'string', maxLength: 200, unique: true },
          tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
        }),
        tag,
      ]),
    );
    expect(describe_(plan.steps)).toEqual([
      'create articles(id, document_id, is_published, created_at, updated_at, published_at, created_by_id, updated_by_id, title)',
      'create tags(id, document_id, is_published, created_at, updated_at, published_at, created_by_id, updated_by_id, name)',
      'create articles_tags_lnk(row_id, target_document_id, position)',
    ]);
    expect(plan.destructive).toEqual([]);
    const [articles] = tables([article({ title: { type: 'string', maxLength: 200, unique: true } })]);
    expect(articles!.indexes.map((index) => [index.name, index.unique])).toEqual([
      ['uq_articles_document_id_is_published', true],
      ['ix_articles_is_published_published_at', false],
      ['uq_articles_title_is_published', true],
      ['ft_articles', false],
    ]);
    expect(articles!.columns.find((column) => column.name === 'title')).toEqual({
      name: 'title',
      type: 'varchar',
      length: 200,
      nullable: true,
      caseInsensitive: true,
    });
  });

  it('stores to-one relations and single media as document references, with an index and a foreign key', () => {
    const author = {
      info: { singularName: 'author', pluralName: 'authors', displayName: 'A' },
      attributes: { name: { type: 'string' } },
    };
    const [articles] = tables([
      article({ author: { type: 'relation', relation: 'manyToOne', target: 'author' }, cover: { type: 'media' } }),
      author,
    ]);
    expect(articles!.columns.slice(-2).map((column) => [column.name, column.type, column.length])).toEqual([
      ['author_document_id', 'varchar', 24],
      ['cover_document_id', 'varchar', 24],
    ]);
    expect(articles!.foreignKeys.slice(-2)).toEqual([
      { column: 'author_document_id', table: 'cms_documents', referencedColumn: 'document_id', onDelete: 'SET NULL' },
      { column: 'cover_document_id', table: 'cms_documents', referencedColumn: 'document_id', onDelete: 'SET NULL' },
    ]);
  });

  it('maps long text by dialect, and declared composite indexes by column', () => {
    const definition = article(
      {
        body: { type: 'richtext' },
        category: { type: 'enumeration', enum: ['a', 'b'] },
        views: { type: 'integer', index: true },
      },
      { indexes: [['category', 'views']] },
    );
    expect(tables([definition], 'mysql')[0]!.columns.find((column) => column.name === 'body')!.type).toBe('longtext');
    expect(tables([definition], 'sqlite')[0]!.columns.find((column) => column.name === 'body')!.type).toBe('text');
    expect(tables([definition])[0]!.indexes.map((index) => index.columns.join('+'))).toEqual([
      'document_id+is_published',
      'published_at',
      'views',
      'category+views',
      'body+category',
    ]);
  });

  it('adds a column for a new attribute, without confirmation', () => {
    const plan = planSchema(
      tables([article({ title: { type: 'string' } })]),
      tables([article({ title: { type: 'string' }, views: { type: 'integer', index: true } })]),
    );
    expect(describe_(plan.steps)).toEqual(['add articles.views integer', 'index articles(is_published, views)']);
    expect(plan.destructive).toEqual([]);
  });

  it('marks removing an attribute or a type, and narrowing a column, as destructive', () => {
    const before = tables([article({ title: { type: 'string', maxLength: 200 }, views: { type: 'integer' } }), tag]);
    const after = tables([article({ title: { type: 'string', maxLength: 100 } })]);
    const plan = planSchema(before, after);
    expect(describe_(plan.steps)).toEqual([
      'drop index ft_articles',
      'drop articles.views',
      'alter articles.title varchar(200) -> varchar(100) lossy',
      'index fulltext articles(title)',
      'drop tags',
    ]);
    expect(describe_(plan.destructive)).toEqual([
      'drop articles.views',
      'alter articles.title varchar(200) -> varchar(100) lossy',
      'drop tags',
    ]);
  });

  it('widens a column without confirmation, and treats other type changes as lossy', () => {
    const widened = planSchema(
      tables([article({ title: { type: 'string', maxLength: 100 } })]),
      tables([article({ title: { type: 'text' } })]),
    );
    // The FULLTEXT index over a changed column is rebuilt around the change.
    expect(describe_(widened.steps)).toEqual([
      'drop index ft_articles',
      'alter articles.title varchar(100) -> longtext()',
      'index fulltext articles(title)',
    ]);
    expect(widened.destructive).toEqual([]);
    const retyped = planSchema(
      tables([article({ title: { type: 'string' } })]),
      tables([article({ title: { type: 'integer' } })]),
    );
    expect(retyped.destructive).toHaveLength(1);
  });

  it('moves an index when its attribute becomes unique, and drops link tables before their owners', () => {
    const before = tables([
      article({
        code: { type: 'string', index: true },
        tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
      }),
      tag,
    ]);
    const after = tables([article({ code: { type: 'string', unique: true } })]);
    expect(describe_(planSchema(before, after).steps)).toEqual([
      'drop index ix_articles_is_published_code',
      'index unique articles(code, is_published)',
      'drop articles_tags_lnk',
      'drop tags',
    ]);
  });

  it('plans nothing when nothing changed', () => {
    const same = tables([article({ title: { type: 'string' } }), tag]);
    expect(planSchema(same, same).steps).toEqual([]);
  });
});
