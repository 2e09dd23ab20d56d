import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@cms/core';
import { CurrentActor, type Actor } from '@cms/identity';
import { SchemaRegistry } from '@cms/schema';
import { AccessPlanner } from '../access/access-planner.service';
import { DocumentService } from '../documents/document.service';
import { DocumentExport, EXPORT_FORMATS, type ExportFormat } from '../export/document-export.service';
import { contentTypeOf } from '../formats/answer-formats';
import { DocumentImport, type ImportReport } from '../import/document-import.service';
import { importRows } from '../import/import-rows';
import { bounded, importFormatOf, importParams } from './import-params';

/**
 * Data in and out of a collection, registered before the generic controller (so `export` and
 * `import` are never taken for documentIds):
 *
 * - `GET /api/:pluralName/export?format=ndjson|csv|json`: every document the caller may `find`,
 *   with the list's filters, fields, populate, status and locale, streamed in constant memory (a
 *   keyset page at a time, each written before the next is read);
 * - `POST /api/:pluralName/import?format=json|ndjson|csv&key=&dryRun=&skipInvalid=&status=&locale=`:
 *   documents created or updated under the caller's `create` and `update` rights (and `publish`
 *   unless `status=draft`), a report of what each row did; a source with an invalid row is a 400
 *   listing every problem by line, and writes nothing unless `skipInvalid=true`.
 */
@ApiExcludeController()
@Controller('api')
export class ContentTransferController {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly planner: AccessPlanner,
    private readonly documents: DocumentService,
    private readonly exporter: DocumentExport,
    private readonly importer: DocumentImport,
  ) {}

  @Post(':pluralName/import')
  @HttpCode(200)
  async import(
    @Param('pluralName') pluralName: string,
    @Req() request: Request,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: ImportReport }> {
    const type = this.registry.collection(pluralName);
    if (!type) throw DomainError.notFound();
    const params = importParams(request.query as Record<string, unknown>);
    const format = params.format ?? importFormatOf(request.headers['content-type']);
    const create = await this.planner.plan(actor, 'create', type);
    const update = await this.planner.plan(actor, 'update', type).catch(() => undefined);
    if (params.publish && type.draftAndPublish && !(await this.planner.may(actor, 'publish', type)))
      throw DomainError.forbidden('You may not publish: import with ?status=draft', 'PUBLISH_FORBIDDEN');
    const locale = await this.documents.localeOf(type, params.locale);
    // JSON bodies are parsed by the HTTP shell (within its body limit); NDJSON and CSV are read as they stream.
    const body = format === 'json' ? JSON.stringify(request.body ?? null) : await bounded(request);
    const report = await this.importer.run(type, () => importRows(format, body, type), {
      actor,
      create,
      ...(update ? { update } : {}),
      ...(params.key !== undefined ? { key: params.key } : {}),
      publish: params.publish,
      ...(locale !== undefined ? { locale } : {}),
      dryRun: params.dryRun,
      skipInvalid: params.skipInvalid,
    });
    if (!report.written && !report.dryRun && report.invalid > 0)
      throw DomainError.validation(
        'INVALID_IMPORT',
        `${report.invalid} row(s) are invalid: nothing was imported (line ${report.issues[0]!.line}: ${report.issues[0]!.message})`,
        report.issues.map((issue) => ({
          path: [issue.line, ...issue.path],
          message: issue.message,
          name: 'ValidationError',
        })),
      );
    return { data: report };
  }

  @Get(':pluralName/export')
  async export(
    @Param('pluralName') pluralName: string,
    @Req() request: Request,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const type = this.registry.collection(pluralName);
    if (!type) throw DomainError.notFound();
    const { format: raw = 'ndjson', ...params } = request.query as Record<string, unknown>;
    if (!(EXPORT_FORMATS as readonly unknown[]).includes(raw))
      throw new DomainError('NotAcceptableError', 'NOT_ACCEPTABLE', `Exports are ${EXPORT_FORMATS.join(', ')}`, {
        formats: EXPORT_FORMATS,
      });
    const format = raw as ExportFormat;
    const plan = await this.planner.plan(actor, 'find', type);
    const query = await this.documents.localized(type, this.documents.query(params, plan));
    response.setHeader('Content-Type', contentTypeOf(format));
    response.setHeader('Content-Disposition', `attachment; filename="${type.pluralName}.${format}"`);
    response.setHeader('Cache-Control', 'private, no-store');
    const chunks = this.exporter.stream(format, query, plan);
    // A failure once bytes are sent can only cut the stream short: the client sees it end early.
    await pipeline(Readable.from(chunks, { highWaterMark: 1 }), response).catch(() => response.destroy());
  }
}
