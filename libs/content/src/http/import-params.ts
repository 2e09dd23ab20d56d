import type { Readable } from 'node:stream';
import { DomainError, type ValidationIssue } from '@cms/core';
import { IMPORT_FORMATS, type ImportFormat } from '../import/import-rows';

/** What an import may send, at most: larger sources go through the CLI (`cms content:import`). */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export interface ImportParams {
  readonly format?: ImportFormat;
  readonly key?: string;
  readonly dryRun: boolean;
  readonly skipInvalid: boolean;
  readonly publish: boolean;
  readonly locale?: unknown;
}

/** The import's query parameters, checked: every bad one is named in the 400. */
export function importParams(raw: Readonly<Record<string, unknown>>): ImportParams {
  const issues: ValidationIssue[] = [];
  const flag = (name: string): boolean => {
    const value = raw[name];
    if (value === undefined || value === 'false') return false;
    if (value !== 'true') issues.push({ path: [name], message: 'must be true or false', name: 'ValidationError' });
    return value === 'true';
  };
  const format = raw.format;
  if (format !== undefined && !(IMPORT_FORMATS as readonly unknown[]).includes(format))
    issues.push({ path: ['format'], message: `must be one of ${IMPORT_FORMATS.join(', ')}`, name: 'ValidationError' });
  if (raw.key !== undefined && (typeof raw.key !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,59}$/.test(raw.key)))
    issues.push({ path: ['key'], message: 'must name a unique attribute', name: 'ValidationError' });
  if (raw.status !== undefined && raw.status !== 'draft' && raw.status !== 'published')
    issues.push({ path: ['status'], message: 'must be draft or published', name: 'ValidationError' });
  const params = {
    ...(typeof format === 'string' ? { format: format as ImportFormat } : {}),
    ...(typeof raw.key === 'string' ? { key: raw.key } : {}),
    dryRun: flag('dryRun'),
    skipInvalid: flag('skipInvalid'),
    publish: raw.status !== 'draft',
    locale: raw.locale,
  };
  if (issues.length > 0) throw DomainError.invalid('INVALID_QUERY', [issues[0]!, ...issues.slice(1)]);
  return params;
}

/** The format a body's Content-Type names: CSV, NDJSON, else JSON. */
export function importFormatOf(contentType: string | undefined): ImportFormat {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/x-ndjson' || type === 'application/ndjson') return 'ndjson';
  return 'json';
}

/** A streamed body as text, refused with a 413 past IMPORT_MAX_BYTES. */
export async function bounded(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > IMPORT_MAX_BYTES)
      throw new DomainError(
        'PayloadTooLargeError',
        'IMPORT_TOO_LARGE',
        `An import over HTTP holds at most ${IMPORT_MAX_BYTES / 2 ** 20} MiB: use cms content:import`,
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
