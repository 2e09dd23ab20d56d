import { sqlTimestamp } from '@cms/schema';
import { SchemaRegistry } from '@cms/schema';
import { DomainError } from '@cms/core';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource, type EntityManager } from 'typeorm';
import { CliOutput } from '../cli-output';
import { DEMO_CATEGORIES, DEMO_TAGS, demoArticle, demoAuthorCount, demoDocumentId } from '../demo/demo-data';

interface SeedDemoOptions {
  readonly articles: number;
}

const BATCH = 500;
const DEMO_TYPES = ['article', 'author', 'category', 'tag'];

@Command({
  name: 'seed:demo',
  description: 'fill the demo blog (./schema: article, author, category, tag) with deterministic content, in bulk',
})
export class SeedDemoCommand extends CommandRunner {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly dataSource: DataSource,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: SeedDemoOptions): Promise<void> {
    const missing = DEMO_TYPES.filter((name) => !this.registry.get(name));
    if (missing.length > 0) {
      throw DomainError.validation(
        'DEMO_SCHEMA_MISSING',
        `The demo types are missing (${missing.join(', ')}): run cms schema:apply ./schema first`,
      );
    }
    const [{ total }] = await this.dataSource.query(
      'SELECT COUNT(*) AS total FROM cms_documents WHERE content_type IN (?, ?, ?, ?)',
      DEMO_TYPES,
    );
    if (Number(total) > 0)
      throw DomainError.conflict('DEMO_NOT_EMPTY', 'The demo types already hold entries: seed an empty database');
    const started = Date.now();
    const count = options.articles;
    const authors = demoAuthorCount(count);
    await this.dataSource.transaction(async (manager) => {
      await this.insertSimple(
        manager,
        'author',
        'authors',
        Array.from({ length: authors }, (_, i) => ({
          name: `Author ${String(i + 1).padStart(3, '0')}`,
          email: `author${i + 1}@example.com`,
        })),
      );
      await this.insertSimple(
        manager,
        'category',
        'categories',
        DEMO_CATEGORIES.map((name) => ({ name, slug: name.toLowerCase() })),
      );
      await this.insertSimple(
        manager,
        'tag',
        'tags',
        DEMO_TAGS.map((name) => ({ name })),
      );
    });
    for (let first = 1; first <= count; first += BATCH) {
      const last = Math.min(count, first + BATCH - 1);
      await this.dataSource.transaction((manager) => this.insertArticles(manager, first, last, authors));
      this.progress(last, count);
    }
    this.output.line(
      `seeded ${count} articles, ${authors} authors, ${DEMO_CATEGORIES.length} categories and ${DEMO_TAGS.length} tags in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  @Option({ flags: '--articles <count>', description: 'how many articles (default 1000)', defaultValue: 1000 })
  parseArticles(value: string): number {
    const count = Number(value);
    if (!/^\d+$/.test(value) || count < 1 || count > 10_000_000)
      throw new Error('--articles takes a whole number from 1 to 10000000');
    return count;
  }

  private progress(done: number, total: number): void {
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${done} / ${total} articles`);
      if (done === total) process.stdout.write('\n');
    } else if (done === total || done % 10_000 < BATCH) {
      this.output.line(`${done} / ${total} articles`);
    }
  }

  /** Published-only types: one row per document. */
  private async insertSimple(
    manager: EntityManager,
    kind: string,
    table: string,
    rows: Record<string, unknown>[],
  ): Promise<void> {
    const now = sqlTimestamp();
    const ids = rows.map((_, index) => demoDocumentId(kind, index + 1));
    await this.insertMany(
      manager,
      'cms_documents',
      ['document_id', 'content_type'],
      ids.map((id) => [id, kind]),
    );
    const columns = Object.keys(rows[0]!);
    await this.insertMany(
      manager,
      table,
      ['document_id', 'is_published', 'created_at', 'updated_at', 'published_at', ...columns],
      rows.map((row, index) => [ids[index], 1, now, now, now, ...columns.map((column) => row[column])]),
    );
  }

  /** Articles i..j: a draft and a published row each (as publishing makes them), and their tags. */
  private async insertArticles(manager: EntityManager, first: number, last: number, authors: number): Promise<void> {
    const now = sqlTimestamp();
    const articles = Array.from({ length: last - first + 1 }, (_, offset) => ({
      index: first + offset,
      ...demoArticle(first + offset, authors),
    }));
    await this.insertMany(
      manager,
      'cms_documents',
      ['document_id', 'content_type'],
      articles.map((article) => [demoDocumentId('article', article.index), 'article']),
    );
    const columns = [
      'document_id',
      'is_published',
      'created_at',
      'updated_at',
      'published_at',
      'title',
      'slug',
      'summary',
      'body',
      'views',
      'rating',
      'featured',
      'format',
      'published_date',
      'author_document_id',
      'category_document_id',
    ];
    const rows = articles.flatMap((article) => {
      const values = [
        article.title,
        article.slug,
        article.summary,
        article.body,
        article.views,
        article.rating,
        article.featured ? 1 : 0,
        article.format,
        article.publishedDate,
        demoDocumentId('author', article.author),
        demoDocumentId('category', article.category),
      ];
      const id = demoDocumentId('article', article.index);
      return [
        [id, 0, now, now, null, ...values],
        [id, 1, now, now, now, ...values],
      ];
    });
    await this.insertMany(manager, 'articles', columns, rows);
    const inserted: { id: number; document_id: string }[] = await manager.query(
      `SELECT id, document_id FROM articles WHERE document_id IN (${articles.map(() => '?').join(', ')})`,
      articles.map((article) => demoDocumentId('article', article.index)),
    );
    const tagsOf = new Map(articles.map((article) => [demoDocumentId('article', article.index), article.tags]));
    const links = inserted.flatMap((row) =>
      (tagsOf.get(row.document_id) ?? []).map((tag, position) => [row.id, demoDocumentId('tag', tag), position]),
    );
    await this.insertMany(manager, 'articles_tags_lnk', ['row_id', 'target_document_id', 'position'], links);
  }

  /** Multi-row INSERTs, sized under both drivers' limits on bound parameters. */
  private async insertMany(manager: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
    const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
    const row = `(${columns.map(() => '?').join(', ')})`;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      await manager.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`,
        chunk.flat(),
      );
    }
  }
}
