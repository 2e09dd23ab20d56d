import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { valueFromText, type ContentType } from '@cms/schema';

export const IMPORT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One document of an import, or why its line could not be read; `line` counts from 1. */
export type ImportRow =
  | { readonly line: number; readonly data: Readonly<Record<string, unknown>> }
  | { readonly line: number; readonly error: string };

/**
 * The documents of an import source, one at a time: a JSON list (or `{"data": [...]}`; `line` is
 * the place in the list), NDJSON (a document a line), or CSV with a header row, whose cells are read
 * by each column's attribute (`valueFromText`). NDJSON and CSV are read as they stream.
 */
export async function* importRows(
  format: ImportFormat,
  source: Readable | string,
  type: ContentType,
): AsyncGenerator<ImportRow> {
  if (format === 'json') {
    const text = typeof source === 'string' ? source : await readAll(source);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      yield { line: 1, error: `is not JSON: ${(error as Error).message}` };
      return;
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { data?: unknown } | null)?.data;
    if (!Array.isArray(list)) {
      yield { line: 1, error: 'must be a list of documents, or {"data": [...]}' };
      return;
    }
    for (const [index, item] of list.entries()) yield documentRow(index + 1, item);
    return;
  }
  const stream = typeof source === 'string' ? Readable.from([source]) : source;
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line += 1;
      if (text.trim() === '') continue;
      try {
        yield documentRow(line, JSON.parse(text));
      } catch (error) {
        yield { line, error: `is not JSON: ${(error as Error).message}` };
      }
    }
    return;
  }
  const parser = stream.pipe(parseCsv({ columns: true, info: true, skip_empty_lines: true, bom: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>)
      yield { line: info.lines, data: fromCsv(record, type) };
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    yield { line: lines ?? 0, error: `is not CSV: ${(error as Error).message}` };
  }
}

function documentRow(line: number, item: unknown): ImportRow {
  return typeof item === 'object' && item !== null && !Array.isArray(item)
    ? { line, data: item as Record<string, unknown> }
    : { line, error: 'must be a document object' };
}

/** A CSV record's cells as the values of its attributes (other columns stay text). */
function fromCsv(record: Readonly<Record<string, string>>, type: ContentType): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([column, text]) => {
      const attribute = type.attributes.find((candidate) => candidate.name === column);
      return [column, attribute ? valueFromText(attribute, text) : text === '' ? null : text];
    }),
  );
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
