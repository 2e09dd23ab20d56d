import type { Report } from './attribute-type';

/** How deep and how large a json (or blocks) value may be: a 400 past either, never a stack overflow. */
export const JSON_LIMITS = { depth: 64, bytes: 1024 * 1024 } as const;
export const LONG_TEXT = { mysql: 'longtext', sqlite: 'text' } as const;

/** A JSON value as stored, if it is within the depth and size limits (checked without recursion). */
export function boundedJson(value: unknown, report: Report): string | undefined {
  if (jsonDepthExceeds(value, JSON_LIMITS.depth)) return void report(`nests deeper than ${JSON_LIMITS.depth} levels`);
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > JSON_LIMITS.bytes) return void report(`is larger than ${JSON_LIMITS.bytes} bytes`);
  return text;
}

/** Whether objects and arrays nest deeper than `max`, walked with a stack of its own. */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

export function parsedJson(raw: unknown): unknown {
  return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
}
