import { AccessPlanner, DocumentCommands } from '@cms/content';
import { DomainError } from '@cms/core';
import { PUBLIC_ACTOR } from '@cms/identity';
import { LocalesService, SchemaRegistry, type ContentType } from '@cms/schema';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { CliOutput } from '../cli-output';
import { DEMO_CATEGORIES, DEMO_TAGS, demoArticle, demoAuthorCount, demoDocumentId } from '../demo/demo-data';
import { DEMO_LOCALES, demoPages } from '../demo/demo-pages';

interface SeedDemoOptions {
  readonly articles: number;
}

const BATCH = 500;
const DEMO_TYPES = ['article', 'author', 'category', 'tag', 'page'] as const;

/**
 * Fills the demo blog through the command service's bulk path, as any write goes: validated by
 * the attribute types, hooks run, relations checked, in multi-row statements, 500 documents a
 * transaction. Document ids are deterministic, so the same command gives the same content.
 */
@Command({
  name: 'seed:demo',
  description:
    'fill the demo blog (./schema: article, author, category, tag, page) with deterministic content, in bulk',
})
export class SeedDemoCommand extends CommandRunner {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly dataSource: DataSource,
    private readonly planner: AccessPlanner,
    private readonly commands: DocumentCommands,
    private readonly locales: LocalesService,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: SeedDemoOptions): Promise<void> {
    const [article, author, category, tag, page] = this.demoTypes();
    const [{ total }] = await this.dataSource.query(
      `SELECT COUNT(*) AS total FROM cms_documents WHERE content_type IN (${DEMO_TYPES.map(() => '?').join(', ')})`,
      [...DEMO_TYPES],
    );
    if (Number(total) > 0)
      throw DomainError.conflict('DEMO_NOT_EMPTY', 'The demo types already hold entries: seed an empty database');
    const started = Date.now();
    const count = options.articles;
    const authors = demoAuthorCount(count);
    await this.create(
      author,
      Array.from({ length: authors }, (_, i) => ({
        documentId: demoDocumentId('author', i + 1),
        data: { name: `Author ${String(i + 1).padStart(3, '0')}`, email: `author${i + 1}@example.com` },
      })),
    );
    await this.create(
      category,
      DEMO_CATEGORIES.map((name, i) => ({
        documentId: demoDocumentId('category', i + 1),
        data: { name, slug: name.toLowerCase() },
      })),
    );
    await this.create(
      tag,
      DEMO_TAGS.map((name, i) => ({ documentId: demoDocumentId('tag', i + 1), data: { name } })),
    );
    for (let first = 1; first <= count; first += BATCH) {
      const last = Math.min(count, first + BATCH - 1);
      const batch = Array.from({ length: last - first + 1 }, (_, offset) => {
        const index = first + offset;
        const { author: authorIndex, category: categoryIndex, tags, ...values } = demoArticle(index, authors);
        return {
          documentId: demoDocumentId('article', index),
          data: {
            ...values,
            author: demoDocumentId('author', authorIndex),
            category: demoDocumentId('category', categoryIndex),
            tags: tags.map((tagIndex) => demoDocumentId('tag', tagIndex)),
            seo: { metaTitle: values.title.slice(0, 70), metaDescription: values.summary.slice(0, 160) },
          },
        };
      });
      await this.create(article, batch);
      this.progress(last, count);
    }
    const pages = await this.seedPages(page!, demoDocumentId('author', 1));
    this.output.line(
      `seeded ${count} articles, ${authors} authors, ${DEMO_CATEGORIES.length} categories, ${DEMO_TAGS.length} tags and ${pages} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  @Option({ flags: '--articles <count>', description: 'how many articles (default 1000)', defaultValue: 1000 })
  parseArticles(value: string): number {
    const count = Number(value);
    if (!/^\d+$/.test(value) || count < 1 || count > 10_000_000)
      throw new Error('--articles takes a whole number from 1 to 10000000');
    return count;
  }

  /** The pages, in the default locale and in French (a locale the demo adds when missing). */
  private async seedPages(page: ContentType, author: string): Promise<number> {
    const known = new Set((await this.locales.list()).map((locale) => locale.code));
    for (const locale of DEMO_LOCALES)
      if (!known.has(locale.code)) await this.locales.create({ ...locale, isDefault: false });
    const plan = this.planner.trusted(page);
    const pages = demoPages(author);
    await this.commands.createMany({
      actor: PUBLIC_ACTOR,
      plan,
      locale: await this.locales.resolve(undefined),
      documents: pages.map(({ en }, index) => ({ documentId: demoDocumentId('page', index + 1), data: en })),
      publish: true,
    });
    for (const [index, { fr }] of pages.entries())
      await this.commands.update({
        actor: PUBLIC_ACTOR,
        plan,
        documentId: demoDocumentId('page', index + 1),
        locale: 'fr',
        data: fr,
        publish: true,
      });
    return pages.length;
  }

  private demoTypes(): ContentType[] {
    const missing = DEMO_TYPES.filter((name) => !this.registry.get(name));
    if (missing.length > 0) {
      throw DomainError.validation(
        'DEMO_SCHEMA_MISSING',
        `The demo types are missing (${missing.join(', ')}): run cms schema:apply ./schema first`,
      );
    }
    return DEMO_TYPES.map((name) => this.registry.get(name)!);
  }

  /** The server's own content, published: a plan that may link to every document. */
  private async create(
    type: ContentType,
    documents: { documentId: string; data: Record<string, unknown> }[],
  ): Promise<void> {
    await this.commands.createMany({ actor: PUBLIC_ACTOR, plan: this.planner.trusted(type), documents, publish: true });
  }

  private progress(done: number, total: number): void {
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${done} / ${total} articles`);
      if (done === total) process.stdout.write('\n');
    } else if (done === total || done % 10_000 < BATCH) {
      this.output.line(`${done} / ${total} articles`);
    }
  }
}
