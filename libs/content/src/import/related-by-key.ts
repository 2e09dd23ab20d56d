import { isRelational, type ContentType } from '@cms/schema';
import type { AccessPlan } from '../access/access-plan';
import type { DocumentReader } from '../documents/document-reader.service';
import type { DocumentService } from '../documents/document.service';
import type { ImportRow } from './import-rows';
import { keyFilter } from './key-filter';

type Data = Record<string, unknown>;

/**
 * Related documents named by a unique attribute of their type rather than their documentId: a
 * value `{"slug": "ann"}` (or a list of them), or a column `writer.slug` (how CSV says it), becomes
 * the documentId of the one document that has it, looked up once per batch. A name that finds no
 * document is left as it was, for the writer to refuse by its line.
 */
export async function relatedByKey(
  type: ContentType,
  rows: readonly ImportRow[],
  lookup: {
    readonly reader: DocumentReader;
    readonly documents: DocumentService;
    readonly planOf: (type: ContentType) => AccessPlan;
    readonly typeOf: (name: string) => ContentType | undefined;
  },
): Promise<ImportRow[]> {
  const wanted = new Map<string, { target: ContentType; field: string; values: Set<string> }>();
  const named = (
    name: string,
    value: unknown,
  ): { target: ContentType; field: string; values: string[] } | undefined => {
    const attribute = type.attributes.find((candidate) => candidate.name === name);
    const target = isRelational(attribute) ? lookup.typeOf(attribute.target) : undefined;
    const items = Array.isArray(value) ? value : [value];
    if (!target || items.length === 0) return undefined;
    const keys = items.map((item) =>
      typeof item === 'object' && item !== null && !Array.isArray(item) && Object.keys(item).length === 1
        ? Object.entries(item)[0]!
        : undefined,
    );
    const field = keys[0]?.[0];
    const unique = target.attributes.find((candidate) => candidate.name === field);
    if (!field || !(unique?.unique || unique?.type === 'uid') || keys.some((entry) => entry?.[0] !== field))
      return undefined;
    return { target, field, values: keys.map((entry) => String(entry![1])) };
  };
  const normalized = rows.map((row): ImportRow => {
    if (!('data' in row)) return row;
    const data: Data = {};
    for (const [name, value] of Object.entries(row.data)) {
      const [head, field] = name.split('.');
      if (field && head)
        data[head] =
          value === null || value === ''
            ? null
            : String(value)
                .split(',')
                .map((item) => ({ [field]: item.trim() }));
      else data[name] = value;
    }
    for (const [name, value] of Object.entries(data)) {
      const found = named(name, value);
      if (!found) continue;
      const entry = wanted.get(`${name}`) ?? { target: found.target, field: found.field, values: new Set<string>() };
      for (const item of found.values) entry.values.add(item);
      wanted.set(name, entry);
    }
    return { line: row.line, data };
  });
  if (wanted.size === 0) return normalized;
  const resolved = new Map<string, Map<string, string>>();
  for (const [name, { target, field, values }] of wanted) {
    const plan = lookup.planOf(target);
    const base = lookup.documents.versionQuery(target, target.draftAndPublish ? 'draft' : 'published');
    const page = await lookup.reader.findMany(
      {
        ...base,
        filter: keyFilter(field, [...values]),
        pagination: { kind: 'page', page: 1, pageSize: values.size, withCount: false },
      },
      plan,
    );
    const documents = await lookup.documents.populated(page.rows, base, plan);
    resolved.set(
      name,
      new Map(documents.map((document) => [String(document[field]).toLowerCase(), String(document.documentId)])),
    );
  }
  return normalized.map((row): ImportRow => {
    if (!('data' in row)) return row;
    const data: Data = { ...row.data };
    for (const [name, ids] of resolved) {
      const value = data[name];
      const found = named(name, value);
      if (!found) continue;
      const documentIds = found.values.map((item) => ids.get(item.toLowerCase()) ?? item);
      data[name] = Array.isArray(value) ? documentIds : documentIds[0];
    }
    return { line: row.line, data };
  });
}
