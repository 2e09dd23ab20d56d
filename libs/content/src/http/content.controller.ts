import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { PolicyService } from '@cms/access';
import { DomainError } from '@cms/core';
import { CurrentActor, userIdOf, type Actor } from '@cms/identity';
import { SchemaRegistry, type ContentType } from '@cms/schema';
import { DocumentReader, type ReadAccess } from '../documents/document-reader.service';
import { DocumentWriter } from '../documents/document-writer.service';
import { DocumentService } from '../documents/document.service';
import { ContentLifecycles, type LifecycleEvent } from '../lifecycle/content-lifecycles';
import { validateInput } from '../validate/validate-input';
import type { ContentQuery } from '../query/content-query';
import type { DocumentJson, Row } from '../serialize/serialize-document';
import { readRequest, sendRead, singleTypeNamed } from './read-answer';

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
    private readonly writer: DocumentWriter,
    private readonly documents: DocumentService,
    private readonly lifecycles: ContentLifecycles,
  ) {}

  /** A collection's list by its plural name, or a single type's document by its singular name. */
  @Get(':pluralName')
  async list(
    @Param('pluralName') pluralName: string,
    @Query() raw: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const { type, key, access, query } = await this.read(actor, pluralName, undefined, raw);
    const answer = await this.documents.cached(type, actor, access, key, async () => {
      const single = type.kind === 'singleType';
      const page = await this.reader.findMany(
        type,
        single ? { ...query, pagination: { kind: 'page', page: 1, pageSize: 1, withCount: false } } : query,
        access,
      );
      if (single && page.rows.length === 0) throw DomainError.notFound();
      const data = await this.documents.populated(type, page.rows, query, access, actor);
      if (single) return { data: data[0]!, meta: {} };
      const meta =
        query.pagination.kind === 'cursor'
          ? { limit: query.pagination.limit, nextCursor: page.nextCursor ?? null }
          : pagination(query, page.total);
      return { data, meta: { pagination: meta } };
    });
    sendRead(response, actor, answer);
  }

  @Get(':pluralName/:documentId')
  async findOne(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @Query() raw: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const { type, key, access, query } = await this.read(actor, pluralName, documentId, raw);
    const answer = await this.documents.cached(type, actor, access, key, async () => {
      const row = await this.reader.findOne(type, documentId, query, access);
      // A document the caller may not see answers exactly as a missing one.
      if (!row) throw DomainError.notFound();
      const [data] = await this.documents.populated(type, [row], query, access, actor);
      return { data: data!, meta: {} };
    });
    sendRead(response, actor, answer);
  }

  /** Which read a request is, whether the caller may make it, and its parsed query: a 404 for no such type. */
  private async read(actor: Actor, name: string, documentId: string | undefined, raw: Record<string, unknown>) {
    const read = readRequest(this.registry, name, documentId, raw);
    if (!read) throw DomainError.notFound();
    const access = await this.documents.access(actor, read.action, read.type);
    return { ...read, access, query: this.documents.query(raw, read.type, access) };
  }

  @Post(':pluralName')
  @HttpCode(201)
  async create(
    @Param('pluralName') pluralName: string,
    @Query() raw: Record<string, unknown>,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: DocumentJson; meta: Record<string, never> }> {
    const type = this.collection(pluralName);
    const write = await this.writeAccess(actor, 'create', type, raw);
    const data = dataOf(body);
    assertWritable(data, write.fields);
    const event: LifecycleEvent = { type, actor, data };
    await this.lifecycles.run('beforeCreate', event);
    const input = validateInput(type, event.data, { complete: !type.draftAndPublish || write.publish });
    const { documentId, stored } = await this.writer.create(type, input, {
      publish: write.publish,
      userId: userIdOf(actor),
    });
    const answer = await this.answer(type, documentId, write.publish, stored);
    await this.lifecycles.run('afterCreate', { ...event, documentId, result: answer.data });
    return answer;
  }

  @Put(':pluralName/:documentId')
  async update(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @Query() raw: Record<string, unknown>,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: DocumentJson; meta: Record<string, never> }> {
    const type = this.collection(pluralName);
    const write = await this.writeAccess(actor, 'update', type, raw);
    await this.documents.assertVisible(type, documentId, write.condition);
    const data = dataOf(body);
    assertWritable(data, write.fields);
    const event: LifecycleEvent = { type, actor, documentId, data };
    await this.lifecycles.run('beforeUpdate', event);
    const input = validateInput(type, event.data, { complete: false });
    await this.writer.update(type, documentId, input, { publish: write.publish, userId: userIdOf(actor) });
    const answer = await this.answer(type, documentId, write.publish);
    await this.lifecycles.run('afterUpdate', { ...event, result: answer.data });
    return answer;
  }

  @Delete(':pluralName/:documentId')
  @HttpCode(204)
  async delete(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const type = this.collection(pluralName);
    const access = await this.documents.access(actor, 'delete', type);
    await this.documents.assertVisible(type, documentId, access.condition);
    const event: LifecycleEvent = { type, actor, documentId, data: {} };
    await this.lifecycles.run('beforeDelete', event);
    await this.writer.delete(type, documentId);
    await this.lifecycles.run('afterDelete', event);
  }

  @Post(':pluralName/:documentId/actions/:action')
  @HttpCode(200)
  async act(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @Param('action') action: string,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: DocumentJson; meta: Record<string, never> }> {
    const type = this.collection(pluralName);
    if (!type.draftAndPublish || !['publish', 'unpublish', 'discard-draft'].includes(action))
      throw DomainError.notFound();
    const access = await this.documents.access(actor, 'publish', type);
    await this.documents.assertVisible(type, documentId, access.condition);
    if (action === 'publish') await this.writer.publish(type, documentId);
    if (action === 'unpublish') await this.writer.unpublish(type, documentId);
    if (action === 'discard-draft') await this.writer.discardDraft(type, documentId);
    return this.answer(type, documentId, action === 'publish');
  }

  /** A write and what it may touch: publishing needs the publish permission too. */
  private async writeAccess(
    actor: Actor,
    action: 'create' | 'update',
    type: ContentType,
    raw: Record<string, unknown>,
  ) {
    for (const key of Object.keys(raw)) {
      if (key !== 'status') {
        throw DomainError.validation('INVALID_QUERY', 'Invalid query', [
          { path: [key], message: 'is not a parameter of a write', name: 'ValidationError' },
        ]);
      }
    }
    if (raw.status !== undefined && raw.status !== 'draft' && raw.status !== 'published') {
      throw DomainError.validation('INVALID_QUERY', 'Invalid query', [
        { path: ['status'], message: 'must be draft or published', name: 'ValidationError' },
      ]);
    }
    const access = await this.documents.access(actor, action, type);
    const publish = type.draftAndPublish && raw.status !== 'draft';
    if (publish && !(await this.policy.decide(actor, 'publish', type.singularName)).allowed) {
      throw DomainError.forbidden('You may not publish: send the write with ?status=draft', 'PUBLISH_FORBIDDEN');
    }
    return { ...access, publish };
  }

  private async answer(
    type: ContentType,
    documentId: string,
    published: boolean,
    stored?: Row,
  ): Promise<{ data: DocumentJson; meta: Record<string, never> }> {
    return { data: await this.documents.written(type, documentId, published, stored), meta: {} };
  }

  /** PUT on a single type: its one document is created the first time, then updated. */
  @Put(':singularName')
  async putSingle(
    @Param('singularName') singularName: string,
    @Query() raw: Record<string, unknown>,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: DocumentJson; meta: Record<string, never> }> {
    const type = this.single(singularName);
    if (!type) throw DomainError.notFound();
    const write = await this.writeAccess(actor, 'update', type, raw);
    const data = dataOf(body);
    assertWritable(data, write.fields);
    const existing = await this.singleDocumentId(type, write.condition);
    const options = { publish: write.publish, userId: userIdOf(actor) };
    const event: LifecycleEvent = { type, actor, ...(existing ? { documentId: existing } : {}), data };
    await this.lifecycles.run(existing ? 'beforeUpdate' : 'beforeCreate', event);
    const { documentId, stored } = existing
      ? (await this.writer.update(type, existing, validateInput(type, event.data, { complete: false }), options),
        { documentId: existing, stored: undefined })
      : await this.writer.create(
          type,
          validateInput(type, event.data, { complete: !type.draftAndPublish || write.publish }),
          options,
        );
    const answer = await this.answer(type, documentId, write.publish, stored);
    await this.lifecycles.run(existing ? 'afterUpdate' : 'afterCreate', { ...event, documentId, result: answer.data });
    return answer;
  }

  @Delete(':singularName')
  @HttpCode(204)
  async deleteSingle(@Param('singularName') singularName: string, @CurrentActor() actor: Actor): Promise<void> {
    const type = this.single(singularName);
    if (!type) throw DomainError.notFound();
    const access = await this.documents.access(actor, 'delete', type);
    const existing = await this.singleDocumentId(type, access.condition);
    if (!existing) throw DomainError.notFound();
    await this.writer.delete(type, existing);
  }

  /** The document of a single type, in whichever version exists, if the caller may touch it. */
  private async singleDocumentId(type: ContentType, condition: ReadAccess['condition']): Promise<string | undefined> {
    const query = this.documents.versionQuery(type, type.draftAndPublish ? 'draft' : 'published');
    const page = await this.reader.findMany(
      type,
      { ...query, pagination: { kind: 'page', page: 1, pageSize: 1, withCount: false } },
      { fields: [], condition },
    );
    return page.rows[0]?.document_id as string | undefined;
  }

  private single(singularName: string): ContentType | undefined {
    return singleTypeNamed(this.registry, singularName);
  }

  private collection(pluralName: string): ContentType {
    const type = this.registry.collection(pluralName);
    if (!type) throw DomainError.notFound();
    return type;
  }
}

function pagination(query: ContentQuery, total: number | undefined): Record<string, number> {
  const known: Record<string, number> = total === undefined ? {} : { total };
  if (query.pagination.kind === 'offset')
    return { start: query.pagination.start, limit: query.pagination.limit, ...known };
  const { page, pageSize } = query.pagination as { page: number; pageSize: number };
  return { page, pageSize, ...(total === undefined ? {} : { pageCount: Math.ceil(total / pageSize), total }) };
}

function dataOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || !('data' in body)) {
    throw DomainError.validation('INVALID_BODY', 'The body must be {"data": {...}}', [
      { path: ['data'], message: 'is required', name: 'ValidationError' },
    ]);
  }
  const extra = Object.keys(body).filter((key) => key !== 'data');
  if (extra.length > 0) {
    throw DomainError.validation(
      'INVALID_BODY',
      'The body must be {"data": {...}}',
      extra.map((key) => ({ path: [key], message: 'is not allowed', name: 'ValidationError' })),
    );
  }
  const data = (body as { data: unknown }).data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw DomainError.validation('INVALID_BODY', 'The body must be {"data": {...}}', [
      { path: ['data'], message: 'must be an object', name: 'ValidationError' },
    ]);
  }
  return data as Record<string, unknown>;
}

/** Writing an attribute outside the caller's allow-list is refused, not silently dropped. */
function assertWritable(data: unknown, fields: 'all' | readonly string[]): void {
  if (fields === 'all' || typeof data !== 'object' || data === null) return;
  const forbidden = Object.keys(data).filter((key) => !fields.includes(key));
  if (forbidden.length > 0) throw DomainError.forbidden(`You may not write ${forbidden.join(', ')}`, 'FIELD_FORBIDDEN');
}
