import { Injectable } from '@nestjs/common';
import { PolicyService, type Decision } from '@cms/access';
import { DomainError } from '@cms/core';
import type { Actor } from '@cms/identity';
import { SchemaRegistry, type ContentType } from '@cms/schema';
import { ReadCache, type CachedAnswer } from '../cache/read-cache.service';
import type { ContentQuery, FilterNode } from '../query/content-query';
import { parseCondition, parseQuery } from '../query/parse-query';
import { serializeDocument, visibleAttributes, type DocumentJson, type Row } from '../serialize/serialize-document';
import { DocumentPopulator } from './document-populator.service';
import { DocumentReader, type ReadAccess } from './document-reader.service';

/**
 * The steps every route over documents shares, content and media alike: deciding what the caller
 * may read, parsing its query against that, and turning rows into populated documents.
 */
@Injectable()
export class DocumentService {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly policy: PolicyService,
    private readonly reader: DocumentReader,
    private readonly populator: DocumentPopulator,
    private readonly cache: ReadCache,
  ) {}

  /** What the caller may do with `type` under `action` on `subject` (403 when nothing). */
  async access(actor: Actor, action: string, type: ContentType, subject = type.singularName): Promise<ReadAccess> {
    const decision = await this.policy.decide(actor, action, subject);
    if (!decision.allowed) throw DomainError.forbidden();
    return this.readAccess(decision, type);
  }

  readAccess(decision: Decision, type: ContentType): ReadAccess {
    const condition =
      decision.condition === undefined || decision.condition === false
        ? decision.condition
        : parseCondition(decision.condition, { type, typeOf: (name) => this.registry.get(name) });
    return { fields: decision.fields, condition };
  }

  /** The caller's query, parsed once against what it may read. */
  query(raw: Record<string, unknown>, type: ContentType, access: ReadAccess): ContentQuery {
    return parseQuery(raw, {
      type,
      typeOf: (name) => this.registry.get(name),
      readable: (readType) => (readType === type && access.fields !== 'all' ? new Set(access.fields) : 'all'),
    });
  }

  /** A query with no parameters but the version to read. */
  versionQuery(type: ContentType, status: 'draft' | 'published'): ContentQuery {
    return parseQuery({ status }, { type, typeOf: (name) => this.registry.get(name) });
  }

  /** Rows as documents, with what the query populates (each populated type under its own `find`). */
  async populated(
    type: ContentType,
    rows: readonly Row[],
    query: ContentQuery,
    access: ReadAccess,
    actor: Actor,
  ): Promise<DocumentJson[]> {
    const attributes = visibleAttributes(type, access.fields, query.fields);
    const loaded = rows.map((row) => ({ row, document: serializeDocument(type, row, attributes) }));
    const accessOf = async (target: ContentType) => {
      // Files are public at their URLs, as in Strapi: a readable document shows its media.
      if (target.system) return { fields: 'all' as const, condition: undefined };
      const decision = await this.policy.decide(actor, 'find', target.singularName);
      return decision.allowed ? this.readAccess(decision, target) : undefined;
    };
    await this.populator.populate(type, loaded, query.populate, query.status, accessOf);
    return loaded.map((entry) => entry.document);
  }

  /** The row of `id` as a populated document, if the query and the caller's condition let it through. */
  async byId(
    type: ContentType,
    id: number,
    query: ContentQuery,
    access: ReadAccess,
    actor: Actor,
  ): Promise<DocumentJson | undefined> {
    const byId: FilterNode = { kind: 'compare', path: ['id'], operator: '$eq', value: id };
    const page = await this.reader.findMany(
      type,
      {
        ...query,
        filter: query.filter ? { kind: 'and', nodes: [byId, query.filter] } : byId,
        pagination: { kind: 'page', page: 1, pageSize: 1, withCount: false },
      },
      access,
    );
    const [document] = await this.populated(type, page.rows, query, access, actor);
    return document;
  }

  /** The document exists and the caller's row condition holds for it; otherwise a plain 404. */
  async assertVisible(type: ContentType, documentId: string, condition: ReadAccess['condition']): Promise<void> {
    const query = this.versionQuery(type, type.draftAndPublish ? 'draft' : 'published');
    const row = await this.reader.findOne(type, documentId, query, { fields: [], condition });
    if (!row) throw DomainError.notFound();
  }

  /**
   * A read's answer, as JSON bytes, through the read cache, keyed also by what the caller may read of
   * every type the answer can populate (another caller may see other fields of them, or none).
   */
  async cached(
    type: ContentType,
    actor: Actor,
    access: ReadAccess,
    request: unknown,
    compute: () => Promise<object>,
  ): Promise<CachedAnswer> {
    return this.cache.getOrCompute(type, await this.cacheQuery(type, actor, request), access, compute);
  }

  /** The cached answer of a read, if there is one; nothing is computed. */
  async peekCached(
    type: ContentType,
    actor: Actor,
    access: ReadAccess,
    request: unknown,
  ): Promise<CachedAnswer | undefined> {
    return this.cache.peek(type, await this.cacheQuery(type, actor, request), access);
  }

  private async cacheQuery(type: ContentType, actor: Actor, request: unknown): Promise<unknown> {
    const populated = await Promise.all(
      this.cache.reachableFrom(type).map(async (name) => {
        const target = this.registry.get(name);
        if (!target || target === type || target.system) return null;
        const decision = await this.policy.decide(actor, 'find', name);
        return decision.allowed ? [decision.fields, decision.condition ?? null] : false;
      }),
    );
    return [request, populated];
  }

  /**
   * A document as written, every readable attribute, for the answer to a write: from the row the
   * database returned when it did (`stored`), else read back.
   */
  async written(type: ContentType, documentId: string, published: boolean, stored?: Row): Promise<DocumentJson> {
    const query = this.versionQuery(type, type.draftAndPublish && !published ? 'draft' : 'published');
    const row = stored ?? (await this.reader.findOne(type, documentId, query, { fields: 'all', condition: undefined }));
    if (!row) throw DomainError.notFound();
    return serializeDocument(type, row, visibleAttributes(type, 'all'));
  }
}
