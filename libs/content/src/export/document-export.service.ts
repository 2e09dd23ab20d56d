import { Injectable } from '@nestjs/common';
import type { AccessPlan } from '../access/access-plan';
import { DocumentReader } from '../documents/document-reader.service';
import { DocumentService } from '../documents/document.service';
import { csvOf, type AnswerFormat } from '../formats/answer-formats';
import type { ContentQuery } from '../query/content-query';
import type { DocumentJson } from '../serialize/serialize-document';

/** The formats an export streams in. */
export const EXPORT_FORMATS = ['ndjson', 'csv', 'json'] as const satisfies readonly AnswerFormat[];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Documents read per batch: each batch is one keyset page and its populates. */
const BATCH = 500;

/**
 * Every document of a query the caller may read, as a stream of text in constant memory: keyset
 * pages of BATCH documents (the query's filters, sort, fields, populate, status and locale, under
 * the plan), each encoded and handed on before the next is read. The same for the HTTP route and
 * the CLI.
 */
@Injectable()
export class DocumentExport {
  constructor(
    private readonly reader: DocumentReader,
    private readonly documents: DocumentService,
  ) {}

  /** The export as chunks of text; `progress` hears the count of documents after each batch. */
  stream(
    format: ExportFormat,
    query: ContentQuery,
    plan: AccessPlan,
    progress?: (documents: number) => void,
  ): AsyncGenerator<string> {
    return this.encode(format, this.documentsOf(query, plan), progress);
  }

  private async *documentsOf(query: ContentQuery, plan: AccessPlan): AsyncGenerator<DocumentJson[]> {
    let cursor: string | undefined;
    do {
      const page = await this.reader.findMany(
        { ...query, pagination: { kind: 'cursor', limit: BATCH, ...(cursor ? { cursor } : {}) } },
        plan,
      );
      if (page.rows.length > 0) yield await this.documents.populated(page.rows, query, plan);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Batches as text in `format`: a document a line, CSV with its header, or one JSON answer. */
  private async *encode(
    format: ExportFormat,
    batches: AsyncIterable<DocumentJson[]>,
    progress?: (documents: number) => void,
  ): AsyncGenerator<string> {
    let count = 0;
    let header: string[] | undefined;
    if (format === 'json') yield '{"data":[';
    for await (const batch of batches) {
      if (format === 'ndjson') yield batch.map((document) => `${JSON.stringify(document)}\n`).join('');
      if (format === 'json')
        yield batch.map((document, index) => `${count + index > 0 ? ',' : ''}${JSON.stringify(document)}`).join('');
      if (format === 'csv') {
        // Every document of a type has the same keys: the first one's are the header.
        const first = header === undefined;
        header ??= Object.keys(batch[0]!);
        yield csvOf(batch, header, first);
      }
      count += batch.length;
      progress?.(count);
    }
    if (format === 'json') yield `],"meta":{"total":${count}}}`;
  }
}
