import { Controller, Get, Param, Req, Res } from '@nestjs/common';
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

/**
 * `GET /api/:pluralName/export?format=ndjson|csv|json`: every document of a collection the caller
 * may `find`, with the list's filters, fields, populate, status and locale, streamed in constant
 * memory (a keyset page at a time, each written before the next is read). Registered before the
 * generic controller, so `export` is never taken for a documentId.
 */
@ApiExcludeController()
@Controller('api')
export class ContentExportController {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly planner: AccessPlanner,
    private readonly documents: DocumentService,
    private readonly exporter: DocumentExport,
  ) {}

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
    await pipeline(Readable.from(chunks), response).catch(() => response.destroy());
  }
}
