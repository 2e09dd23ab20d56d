import { DomainError } from '@cms/core';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { XMLBuilder } from 'fast-xml-parser';
import { dump as dumpYaml } from 'js-yaml';

/** The formats a Content API read answers in, by their `?format=` name. */
export const ANSWER_FORMATS = {
  json: { mediaType: 'application/json', also: [] },
  ndjson: { mediaType: 'application/x-ndjson', also: ['application/ndjson'] },
  csv: { mediaType: 'text/csv', also: [] },
  xml: { mediaType: 'application/xml', also: ['text/xml'] },
  yaml: { mediaType: 'application/yaml', also: ['application/x-yaml', 'text/yaml'] },
} as const satisfies Record<string, { mediaType: string; also: readonly string[] }>;

export type AnswerFormat = keyof typeof ANSWER_FORMATS;

/** Every media type a read answers, JSON first (what `*\/*` and no Accept get). */
export const ANSWER_MEDIA_TYPES: readonly string[] = Object.values(ANSWER_FORMATS).flatMap((format) => [
  format.mediaType,
  ...format.also,
]);

/**
 * The format of a read: `?format=` when given (an unknown one is a 406), else the best the Accept
 * header takes (`accepts` is Express's negotiation, which knows q-values and wildcards); a header
 * that takes none of them is a 406 too. Errors answer in JSON, whatever was asked.
 */
export function answerFormat(param: unknown, accepts: (types: string[]) => string | false): AnswerFormat {
  if (param !== undefined) {
    if (typeof param === 'string' && Object.hasOwn(ANSWER_FORMATS, param)) return param as AnswerFormat;
    throw notAcceptable();
  }
  const chosen = accepts([...ANSWER_MEDIA_TYPES]);
  if (chosen === false) throw notAcceptable();
  return (Object.keys(ANSWER_FORMATS) as AnswerFormat[]).find((name) => {
    const format = ANSWER_FORMATS[name];
    return format.mediaType === chosen || (format.also as readonly string[]).includes(chosen);
  })!;
}

function notAcceptable(): DomainError {
  return new DomainError(
    'NotAcceptableError',
    'NOT_ACCEPTABLE',
    `Answers are ${Object.keys(ANSWER_FORMATS).join(', ')}`,
    {
      formats: Object.keys(ANSWER_FORMATS),
    },
  );
}

/** The Content-Type header of an answer in a format. */
export function contentTypeOf(format: AnswerFormat): string {
  return `${ANSWER_FORMATS[format].mediaType}; charset=utf-8`;
}

type Json = Record<string, unknown>;

/** An answer (`{data, meta}`) in a format, as the bytes sent. */
export function encodeAnswer(format: AnswerFormat, answer: Json): Buffer {
  return Buffer.from(ENCODERS[format](answer));
}

const ENCODERS: Record<AnswerFormat, (answer: Json) => string> = {
  json: (answer) => JSON.stringify(answer),
  ndjson: (answer) =>
    documentsOf(answer)
      .map((document) => `${JSON.stringify(document)}\n`)
      .join(''),
  csv: (answer) => csvOf(documentsOf(answer)),
  xml: (answer) => xmlBuilder.build({ response: xmlSafe({ ...answer, data: { document: answer.data } }) }) as string,
  yaml: (answer) => dumpYaml(answer, { noRefs: true, lineWidth: -1 }),
};

function documentsOf(answer: Json): Json[] {
  const data = answer.data;
  return Array.isArray(data) ? (data as Json[]) : data === null || data === undefined ? [] : [data as Json];
}

/**
 * Documents as CSV (RFC 4180, a header row: every key met, unless given): scalars as text, related documents
 * (and files) as their documentIds, components and JSON as JSON text. A cell that a spreadsheet
 * would run as a formula (`= + - @`, tab, carriage return first) is prefixed with `'`.
 */
export function csvOf(
  documents: readonly Json[],
  columns: readonly string[] = [...new Set(documents.flatMap((document) => Object.keys(document)))],
  withHeader = true,
): string {
  const rows = documents.map((document) => columns.map((column) => csvCell(document[column])));
  return stringifyCsv(withHeader ? [[...columns], ...rows] : rows, { eof: true, record_delimiter: 'windows' });
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return guardFormula(String(value));
  const relation = (item: unknown) =>
    typeof item === 'object' && item !== null && 'documentId' in item ? String(item.documentId) : undefined;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => relation(item) !== undefined))
    return value.map(relation).join(',');
  return guardFormula(relation(value) ?? JSON.stringify(value));
}

function guardFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const xmlBuilder = new XMLBuilder({ format: false, suppressEmptyNode: false });
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** What XML cannot name (keys of JSON values) goes as JSON text; lists repeat their element. */
function xmlSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(xmlSafe);
  if (typeof value !== 'object' || value === null) return value ?? '';
  const entries = Object.entries(value);
  if (entries.some(([key]) => !XML_NAME.test(key))) return JSON.stringify(value);
  return Object.fromEntries(entries.map(([key, inner]) => [key, xmlSafe(inner)]));
}
