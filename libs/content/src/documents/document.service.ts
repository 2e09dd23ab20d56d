import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DomainError, type AppConfig } from '@cms/core';
import { LocalesService, SchemaRegistry, type ContentType } from '@cms/schema';
import type { EntityManager } from 'typeorm';
import type { AccessPlan } from '../access/access-plan';
import { ReadCache, type CachedAnswer } from '../cache/read-cache.service';
import type { ContentQuery, FilterNode } from '../query/content-query';
import { parseQuery } from '../query/parse-query';
import { serializeDocument, visibleAttributes, type DocumentJson, type Row } from '../serialize/serialize-document';
import { DocumentPopulator } from './document-populator.service';
import { DocumentReader } from './document-reader.service';

/**
 * The steps every route over documents shares, content and media alike, all under the request's
 * access plan: parsing its query, turning rows into populated documents, and caching answers.
 */
@Injectable()
export class DocumentService {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly reader: DocumentReader,
    private readonly populator: DocumentPopulator,
    private readonly cache: ReadCache,
    private readonly locales: LocalesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The caller's query, parsed once against what its plan lets it name. */
  query(raw: Record<string, unknown>, plan: AccessPlan): ContentQuery {
    return parseQuery(raw, {
      type: plan.root,
      typeOf: (name) => this.registry.get(name),
      readable: (type, nested) => plan.readable(type, nested),
    });
  }

  /** A query with no parameters but the version to read (and, of a localized type, the locale). */
  versionQuery(type: ContentType, status: 'draft' | 'published', locale?: string): ContentQuery {
    const query = parseQuery({ status }, { type, typeOf: (name) => this.registry.get(name) });
    return type.localized && locale !== undefined ? { ...query, locale } : query;
  }

  /**
   * The query with its locale settled: of a localized type, the one it names or the default; with
   * `fallback=true`, the chain of locales to try for each document (I18N_FALLBACKS, then the default).
   */
  async localized(type: ContentType, query: ContentQuery): Promise<ContentQuery> {
    if (!type.localized) return query;
    const locale = await this.locales.resolve(query.locale);
    if (!query.fallback) return { ...query, locale };
    const existing = new Set((await this.locales.list()).map((candidate) => candidate.code));
    const chain = [locale, ...(this.config.i18nFallbacks.get(locale) ?? []), await this.locales.resolve(undefined)];
    return { ...query, locale, locales: [...new Set(chain.filter((code) => existing.has(code)))] };
  }

  /** Rows as documents, with what the query populates (each populated type as the plan reaches it). */
  async populated(rows: readonly Row[], query: ContentQuery, plan: AccessPlan): Promise<DocumentJson[]> {
    const type = plan.root;
    const attributes = visibleAttributes(type, plan.rootAccess.fields, query.fields);
    const loaded = rows.map((row) => ({ row, document: serializeDocument(type, row, attributes) }));
    await this.populator.populate(type, loaded, query.populate, query, plan);
    return loaded.map((entry) => entry.document);
  }

  /** The row of `id` as a populated document, if the query and the caller's condition let it through. */
  async byId(id: number, query: ContentQuery, plan: AccessPlan): Promise<DocumentJson | undefined> {
    const byId: FilterNode = { kind: 'compare', path: ['id'], operator: '$eq', value: id };
    const page = await this.reader.findMany(
      {
        ...query,
        filter: query.filter ? { kind: 'and', nodes: [byId, query.filter] } : byId,
        pagination: { kind: 'page', page: 1, pageSize: 1, withCount: false },
      },
      plan,
    );
    const [document] = await this.populated(page.rows, query, plan);
    return document;
  }

  /** The document exists and the caller's row condition holds for it; otherwise a plain 404. */
  async assertVisible(plan: AccessPlan, documentId: string, manager?: EntityManager, locale?: string): Promise<void> {
    if (!(await this.exists(plan, documentId, manager, locale))) throw DomainError.notFound();
  }

  /** Whether the document (in the locale, when one is named) exists for the caller's condition. */
  async exists(plan: AccessPlan, documentId: string, manager?: EntityManager, locale?: string): Promise<boolean> {
    const type = plan.root;
    const query = this.versionQuery(type, type.draftAndPublish ? 'draft' : 'published', locale);
    const visible = plan.withRoot({ ...plan.rootAccess, fields: [] });
    return (await this.reader.findOne(documentId, query, visible, manager)) !== undefined;
  }

  /** The locale a write or action names (`?locale=`), settled: of a localized type only. */
  async localeOf(type: ContentType, locale: unknown): Promise<string | undefined> {
    if (!type.localized) return undefined;
    if (locale !== undefined && typeof locale !== 'string')
      throw DomainError.validation('INVALID_QUERY', 'locale must be a locale code', [
        { path: ['locale'], message: 'must be a locale code', name: 'ValidationError' },
      ]);
    return this.locales.resolve(locale);
  }

  /**
   * A read's answer, as JSON bytes, through the read cache, keyed also by the caller's plan (another
   * caller may see other fields or rows of every type the answer can draw on, or none).
   */
  cached(
    plan: AccessPlan,
    request: unknown,
    compute: () => Promise<object>,
    encode?: (answer: object) => Buffer,
  ): Promise<CachedAnswer> {
    return this.cache.getOrCompute(plan, request, compute, encode);
  }

  /** The cached answer of a read, if there is one; nothing is computed. */
  peekCached(plan: AccessPlan, request: unknown): CachedAnswer | undefined {
    return this.cache.peek(plan, request);
  }

  /**
   * A document as written, for the answer to a write: what the caller may read of it, from the
   * row the database returned when it did (`stored`), else read back.
   */
  async written(
    plan: AccessPlan,
    documentId: string,
    published: boolean,
    stored?: Row,
    manager?: EntityManager,
    locale?: string,
  ): Promise<DocumentJson> {
    const type = plan.root;
    const query = this.versionQuery(type, type.draftAndPublish && !published ? 'draft' : 'published', locale);
    const answer = plan.withRoot({ ...plan.answer, condition: undefined });
    const row = stored ?? (await this.reader.findOne(documentId, query, answer, manager));
    if (!row) throw DomainError.notFound();
    return serializeDocument(type, row, visibleAttributes(type, plan.answer.fields));
  }
}
