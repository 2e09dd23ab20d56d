import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PolicyService } from '@cms/access';
import { DomainError } from '@cms/core';
import { CurrentActor, type Actor } from '@cms/identity';
import { SchemaRegistry, type ContentType } from '@cms/schema';
import { DocumentReader, type ReadAccess } from '../documents/document-reader.service';
import type { ContentQuery } from '../query/content-query';
import { parseCondition, parseQuery } from '../query/parse-query';
import { serializeDocument, visibleAttributes, type DocumentJson } from '../serialize/serialize-document';

interface ListResponse {
  readonly data: DocumentJson[];
  readonly meta: { readonly pagination: Record<string, number> };
}

/**
 * One controller for every content type (Strapi v5 REST): the type is looked up in the registry on
 * each request, so a type created a moment ago, on any instance, is served at once.
 * Documented per content type by the generated OpenAPI paths, not by decorators.
 */
@ApiExcludeController()
@Controller('api')
export class ContentController {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly policy: PolicyService,
    private readonly reader: DocumentReader,
  ) {}

  @Get(':pluralName')
  async list(
    @Param('pluralName') pluralName: string,
    @Query() raw: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<ListResponse> {
    const type = this.collection(pluralName);
    const access = await this.access(actor, 'find', type);
    const query = this.query(raw, type, access);
    const page = await this.reader.findMany(type, query, access);
    const attributes = visibleAttributes(type, access.fields, query.fields);
    return {
      data: page.rows.map((row) => serializeDocument(type, row, attributes)),
      meta: { pagination: pagination(query, page.total) },
    };
  }

  @Get(':pluralName/:documentId')
  async findOne(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @Query() raw: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: DocumentJson; meta: Record<string, never> }> {
    const type = this.collection(pluralName);
    const access = await this.access(actor, 'findOne', type);
    const query = this.query(raw, type, access);
    const row = await this.reader.findOne(type, documentId, query, access);
    // A document the caller may not see answers exactly as a missing one.
    if (!row) throw DomainError.notFound();
    return { data: serializeDocument(type, row, visibleAttributes(type, access.fields, query.fields)), meta: {} };
  }

  private collection(pluralName: string): ContentType {
    const type = this.registry
      .list()
      .find((candidate) => candidate.pluralName === pluralName && candidate.kind === 'collectionType');
    if (!type) throw DomainError.notFound();
    return type;
  }

  private async access(actor: Actor, action: string, type: ContentType): Promise<ReadAccess> {
    const decision = await this.policy.decide(actor, action, type.singularName);
    if (!decision.allowed) throw DomainError.forbidden();
    const condition =
      decision.condition === undefined || decision.condition === false
        ? decision.condition
        : parseCondition(decision.condition, { type, typeOf: (name) => this.registry.get(name) });
    return { fields: decision.fields, condition };
  }

  private query(raw: Record<string, unknown>, type: ContentType, access: ReadAccess): ContentQuery {
    const query = parseQuery(raw, {
      type,
      typeOf: (name) => this.registry.get(name),
      readable: (readType) => (readType === type && access.fields !== 'all' ? new Set(access.fields) : 'all'),
    });
    if (query.pagination.kind === 'cursor') {
      throw DomainError.validation('CURSOR_UNSUPPORTED', 'Cursor pagination is not available yet: use page or start', [
        { path: ['pagination', 'cursor'], message: 'is not available yet', name: 'ValidationError' },
      ]);
    }
    if (query.populate.length > 0) {
      throw DomainError.validation('POPULATE_UNSUPPORTED', 'populate is not available yet', [
        { path: ['populate'], message: 'is not available yet', name: 'ValidationError' },
      ]);
    }
    return query;
  }
}

function pagination(query: ContentQuery, total: number | undefined): Record<string, number> {
  const known: Record<string, number> = total === undefined ? {} : { total };
  if (query.pagination.kind === 'offset')
    return { start: query.pagination.start, limit: query.pagination.limit, ...known };
  const { page, pageSize } = query.pagination as { page: number; pageSize: number };
  return { page, pageSize, ...(total === undefined ? {} : { pageCount: Math.ceil(total / pageSize), total }) };
}
