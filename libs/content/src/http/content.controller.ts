import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '@cms/core';
import { CurrentActor, type Actor } from '@cms/identity';
import { SchemaRegistry, type ContentType } from '@cms/schema';
import { AccessPlanner } from '../access/access-planner.service';
import { DocumentCommands, type EditorialAction } from '../commands/document-commands.service';
import { DocumentReader } from '../documents/document-reader.service';
import { DocumentService } from '../documents/document.service';
import type { ContentQuery } from '../query/content-query';
import type { DocumentJson } from '../serialize/serialize-document';
import { encodeAnswer, type AnswerFormat } from '../formats/answer-formats';
import { readRequest, sendRead, singleTypeNamed } from './read-answer';

type Answer = { data: DocumentJson; meta: Record<string, never> };
const EDITORIAL_ACTIONS: readonly string[] = ['publish', 'unpublish', 'discard-draft'] satisfies EditorialAction[];

/**
 * One controller for every content type (Strapi v5 REST): the type is looked up in the registry on
 * each request, so a type created a moment ago, on any instance, is served at once. It maps HTTP
 * to a read under the request's access plan, or to a command. Documented per content type by the
 * generated OpenAPI paths, not by decorators.
 */
@ApiExcludeController()
@Controller('api')
export class ContentController {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly planner: AccessPlanner,
    private readonly reader: DocumentReader,
    private readonly documents: DocumentService,
    private readonly commands: DocumentCommands,
  ) {}

  /** A collection's list by its plural name, or a single type's document by its singular name. */
  @Get(':pluralName')
  async list(
    @Param('pluralName') pluralName: string,
    @Req() request: Request,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const { type, key, plan, query, format } = await this.read(actor, pluralName, undefined, request);
    const answer = await this.documents.cached(
      plan,
      key,
      async () => {
        const single = type.kind === 'singleType';
        const page = await this.reader.findMany(
          single ? { ...query, pagination: { kind: 'page', page: 1, pageSize: 1, withCount: false } } : query,
          plan,
        );
        if (single && page.rows.length === 0) throw DomainError.notFound();
        const data = await this.documents.populated(page.rows, query, plan);
        if (single) return { data: data[0]!, meta: {} };
        const meta =
          query.pagination.kind === 'cursor'
            ? { limit: query.pagination.limit, nextCursor: page.nextCursor ?? null }
            : pagination(query, page.total);
        return { data, meta: { pagination: meta } };
      },
      encoder(format),
    );
    sendRead(response, actor, answer, format);
  }

  @Get(':pluralName/:documentId')
  async findOne(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @Req() request: Request,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const { key, plan, query, format } = await this.read(actor, pluralName, documentId, request);
    const answer = await this.documents.cached(
      plan,
      key,
      async () => {
        const row = await this.reader.findOne(documentId, query, plan);
        // A document the caller may not see answers exactly as a missing one.
        if (!row) throw DomainError.notFound();
        const [data] = await this.documents.populated([row], query, plan);
        return { data: data!, meta: {} };
      },
      encoder(format),
    );
    sendRead(response, actor, answer, format);
  }

  /** Which read a request is, its access plan and its parsed query: a 404 for no such type. */
  private async read(actor: Actor, name: string, documentId: string | undefined, request: Request) {
    const read = readRequest(this.registry, name, documentId, request);
    if (!read) throw DomainError.notFound();
    const raw = request.query as Record<string, unknown>;
    const plan = await this.planner.plan(actor, read.action, read.type);
    return { ...read, plan, query: await this.documents.localized(read.type, this.documents.query(raw, plan)) };
  }

  @Post(':pluralName')
  @HttpCode(201)
  async create(
    @Param('pluralName') pluralName: string,
    @Query() raw: Record<string, unknown>,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<Answer> {
    // As Strapi: a single type is written with PUT, never POST.
    if (singleTypeNamed(this.registry, pluralName))
      throw new DomainError('MethodNotAllowedError', 'METHOD_NOT_ALLOWED', 'A single type is written with PUT');
    const type = this.collection(pluralName);
    const write = await this.write(actor, 'create', type, raw);
    return { data: await this.commands.create({ ...write, actor, data: dataOf(body) }), meta: {} };
  }

  @Put(':pluralName/:documentId')
  async update(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @Query() raw: Record<string, unknown>,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<Answer> {
    const type = this.collection(pluralName);
    const write = await this.write(actor, 'update', type, raw);
    return { data: await this.commands.update({ ...write, actor, documentId, data: dataOf(body) }), meta: {} };
  }

  @Delete(':pluralName/:documentId')
  @HttpCode(204)
  async delete(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @Query('locale') locale: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const type = this.collection(pluralName);
    const plan = await this.planner.plan(actor, 'delete', type);
    await this.commands.delete({ actor, plan, documentId, ...(await this.locale(type, locale)) });
  }

  @Post(':pluralName/:documentId/actions/:action')
  @HttpCode(200)
  async act(
    @Param('pluralName') pluralName: string,
    @Param('documentId') documentId: string,
    @Param('action') action: string,
    @Query('locale') locale: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<Answer> {
    const type = this.collection(pluralName);
    if (!type.draftAndPublish || !EDITORIAL_ACTIONS.includes(action)) throw DomainError.notFound();
    const plan = await this.planner.plan(actor, 'publish', type, { answers: true });
    const editorial = action as EditorialAction;
    const data = await this.commands.act({
      actor,
      plan,
      documentId,
      action: editorial,
      ...(await this.locale(type, locale)),
    });
    return { data, meta: {} };
  }

  /** PUT on a single type: its one document is created the first time, then updated. */
  @Put(':singularName')
  async putSingle(
    @Param('singularName') singularName: string,
    @Query() raw: Record<string, unknown>,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<Answer> {
    const type = this.single(singularName);
    const write = await this.write(actor, 'update', type, raw);
    return { data: await this.commands.putSingle({ ...write, actor, data: dataOf(body) }), meta: {} };
  }

  @Delete(':singularName')
  @HttpCode(204)
  async deleteSingle(
    @Param('singularName') singularName: string,
    @Query('locale') locale: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const type = this.single(singularName);
    const plan = await this.planner.plan(actor, 'delete', type);
    await this.commands.deleteSingle({ actor, plan, ...(await this.locale(type, locale)) });
  }

  /** The command's locale, when the type is localized: the one named, or the default. */
  private async locale(type: ContentType, locale: unknown): Promise<{ locale?: string }> {
    const settled = await this.documents.localeOf(type, locale);
    return settled === undefined ? {} : { locale: settled };
  }

  /** A write's plan, and whether it publishes: publishing needs the publish permission too. */
  private async write(actor: Actor, action: 'create' | 'update', type: ContentType, raw: Record<string, unknown>) {
    for (const key of Object.keys(raw)) {
      if (key !== 'status' && key !== 'locale') {
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
    const plan = await this.planner.plan(actor, action, type, { answers: true });
    const publish = type.draftAndPublish && raw.status !== 'draft';
    if (publish && !(await this.planner.may(actor, 'publish', type))) {
      throw DomainError.forbidden('You may not publish: send the write with ?status=draft', 'PUBLISH_FORBIDDEN');
    }
    return { plan, publish, ...(await this.locale(type, raw.locale)) };
  }

  private single(singularName: string): ContentType {
    const type = singleTypeNamed(this.registry, singularName);
    if (!type) throw DomainError.notFound();
    return type;
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

/** Answers other than JSON are encoded from the answer object (JSON is the cache's own default). */
function encoder(format: AnswerFormat): ((answer: object) => Buffer) | undefined {
  return format === 'json' ? undefined : (answer) => encodeAnswer(format, answer as Record<string, unknown>);
}
