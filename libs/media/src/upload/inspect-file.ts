import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { DomainError } from '@cms/core';
import { extensions, lookup } from 'mime-types';

/** Types a browser would run as a page in our origin: never matched by a wildcard. */
export const ACTIVE_TYPES: ReadonlySet<string> = new Set(['image/svg+xml', 'text/html']);
const SNIFF_BYTES = 8192;
const TEXT_TYPES = /^(text\/|application\/json$)/;

export interface InspectedFile {
  /** The MIME type the bytes show. */
  readonly mime: string;
  /** `.jpg`: the declared extension when it fits the bytes, else the usual one for the type. */
  readonly ext: string;
}

/**
 * The type of an uploaded file, judged by its bytes: a declared extension or MIME type that
 * disagrees with them is a 415, as is a type outside the allow-list.
 */
export async function inspectFile(
  path: string,
  declared: { readonly name: string; readonly mime: string | undefined },
  allowed: readonly string[],
): Promise<InspectedFile> {
  const mime = await sniff(path, declared.name);
  const declaredExt = extname(declared.name).slice(1).toLowerCase();
  const fitting = new Set(extensions[mime] ?? []);
  if (declaredExt !== '' && !fitting.has(declaredExt)) {
    throw unsupported(`The file's content is ${mime}, which does not match its .${declaredExt} extension`);
  }
  const declaredMime = declared.mime?.toLowerCase().split(';')[0]?.trim();
  if (declaredMime && declaredMime !== 'application/octet-stream' && declaredMime !== mime) {
    const same = (extensions[declaredMime] ?? []).some((ext) => fitting.has(ext));
    if (!same) throw unsupported(`The file's content is ${mime}, not the declared ${declaredMime}`);
  }
  if (!isAllowed(mime, allowed)) throw unsupported(`Files of type ${mime} are not accepted`);
  const ext = declaredExt !== '' ? declaredExt : (extensions[mime]?.[0] ?? 'bin');
  return { mime, ext: `.${ext}` };
}

export function isAllowed(mime: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (pattern === mime) return true;
    if (ACTIVE_TYPES.has(mime) || !pattern.endsWith('*')) return false;
    return mime.startsWith(pattern.slice(0, -1));
  });
}

/** Binary formats by their signatures (file-type); text by a look at the start of it. */
async function sniff(path: string, name: string): Promise<string> {
  // Loaded on the first upload, not at start (an ESM package: about 30 ms).
  const { fileTypeFromFile } = await import('file-type');
  const detected = await fileTypeFromFile(path);
  if (detected && detected.mime !== 'application/xml') return detected.mime;
  const head = await readHead(path);
  if (head.includes(0)) return 'application/octet-stream';
  const text = head.toString('utf8').toLowerCase();
  if (/<svg[\s>]/.test(text)) return 'image/svg+xml';
  if (/<(!doctype html|html|head|body|script|iframe|object|embed)[\s>]/.test(text)) return 'text/html';
  if (detected) return detected.mime;
  // Plain text: the extension may say which kind (csv, markdown, json), as long as it is text.
  const named = lookup(name);
  return named && TEXT_TYPES.test(named) && named !== 'text/html' ? named : 'text/plain';
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function unsupported(message: string): DomainError {
  return new DomainError('UnsupportedMediaTypeError', 'UNSUPPORTED_FILE_TYPE', message);
}
