import { DomainError, type ValidationIssue } from '@cms/core';

/** What a client may say about a file (Strapi's `fileInfo`): all of it metadata. */
export interface FileInfo {
  readonly name?: string;
  readonly alternativeText?: string | null;
  readonly caption?: string | null;
  /** A folder id, or null for the root. */
  readonly folder?: number | null;
}

const TEXT_LIMIT = 5000;

/**
 * Strapi's `fileInfo` multipart field: one JSON object, or one per file (as a list of JSON
 * texts). Unknown keys and wrong types are 400s pointing at them.
 */
export function parseFileInfos(raw: unknown): FileInfo[] {
  if (raw === undefined) return [];
  const texts = Array.isArray(raw) ? raw : [raw];
  return texts.map((text, index) => {
    const path = Array.isArray(raw) ? ['fileInfo', index] : ['fileInfo'];
    let value: unknown = text;
    if (typeof text === 'string') {
      try {
        value = JSON.parse(text);
      } catch {
        throw invalid([{ path, message: 'must be JSON', name: 'ValidationError' }]);
      }
    }
    return parseFileInfo(value, path);
  });
}

export function parseFileInfo(value: unknown, path: readonly (string | number)[] = ['fileInfo']): FileInfo {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid([{ path, message: 'must be an object', name: 'ValidationError' }]);
  const issues: ValidationIssue[] = [];
  const report = (key: string, message: string) =>
    issues.push({ path: [...path, key], message, name: 'ValidationError' });
  const info: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'name') {
      if (typeof item !== 'string' || item.trim() === '' || item.length > 255) report(key, 'must be 1-255 characters');
      else info.name = item;
    } else if (key === 'alternativeText' || key === 'caption') {
      if (item !== null && (typeof item !== 'string' || item.length > TEXT_LIMIT))
        report(key, `must be text of at most ${TEXT_LIMIT} characters, or null`);
      else info[key] = item;
    } else if (key === 'folder') {
      if (item !== null && !(Number.isInteger(item) && (item as number) > 0))
        report(key, 'must be a folder id, or null');
      else info.folder = item;
    } else {
      report(key, 'is not a file property (name, alternativeText, caption, folder)');
    }
  }
  if (issues.length > 0) throw invalid(issues);
  return info as FileInfo;
}

function invalid(issues: ValidationIssue[]): DomainError {
  return DomainError.validation('INVALID_FILE_INFO', 'Invalid fileInfo', issues);
}
