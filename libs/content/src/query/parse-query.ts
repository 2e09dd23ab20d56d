import { DomainError, isOperator, OPERATORS, type ValidationIssue, type ValueKind } from '@cms/core';
import {
  attributeType,
  isComposed,
  isRelational,
  isToMany,
  isUserRelation,
  type Attribute,
  type ComposedAttribute,
  type ContentType,
} from '@cms/schema';
import {
  Day,
  type ContentQuery,
  type EntryPopulate,
  type FilterNode,
  type FilterValue,
  type Pagination,
  type PopulateNode,
  type SortField,
} from './content-query';

import type { Readable } from '../access/access-plan';

export const QUERY_LIMITS = {
  filterDepth: 10,
  populateDepth: 5,
  defaultPageSize: 25,
  maxPageSize: 100,
  searchLength: 200,
  listLength: 1000,
  sortFields: 10,
} as const;

export interface QueryContext {
  readonly type: ContentType;
  /** The registry: relation targets by singular name. */
  readonly typeOf: (singularName: string) => ContentType | undefined;
  readonly maxPageSize?: number;
  /**
   * What the caller may name of a type (from its access plan): on the root type itself, or on one
   * reached through a relation (`nested`). Undefined: nothing, and relations to it cannot be
   * filtered or sorted through. Private attributes are never readable.
   */
  readonly readable?: (type: ContentType, nested: boolean) => Readable;
}

/** Permission conditions are written by admins: they may name private attributes and the creator. */
interface TrustedContext extends QueryContext {
  readonly trusted: true;
}

type Path = readonly (string | number)[];
type Field =
  | { readonly kind: 'scalar'; readonly valueKind: ValueKind }
  | { readonly kind: 'user' }
  | { readonly kind: 'relation'; readonly target: ContentType; readonly toMany: boolean }
  /** A relation to this system's users: populated whole (its safe fields), never gone through. */
  | { readonly kind: 'users' }
  /** A component or dynamic zone, with what the caller may read of its entries. */
  | { readonly kind: 'entries'; readonly attribute: ComposedAttribute; readonly allowed: Readable };

const SYSTEM_FIELDS: Record<string, ValueKind> = {
  id: 'number',
  documentId: 'string',
  createdAt: 'date',
  updatedAt: 'date',
  publishedAt: 'date',
};
const NUMBER = /^-?\d+(\.\d+)?$/;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The users who created and last updated a document: only their `id` can be compared. */
const USER_FIELDS = new Set(['createdBy', 'updatedBy']);

/**
 * A permission's row condition as a filter on `type`, with `$currentUser` already bound: trusted,
 * so private attributes and `createdBy`/`updatedBy` may appear. A condition that fails to parse
 * is a server fault, not the caller's.
 */
export function parseCondition(
  condition: Readonly<Record<string, unknown>>,
  context: QueryContext,
): FilterNode | undefined {
  const issues: string[] = [];
  const parser = new Parser({ ...context, trusted: true } as TrustedContext, (path, message) =>
    issues.push(`${path.join('.')} ${message}`),
  );
  const filter = parser.condition(condition);
  if (issues.length > 0)
    throw new Error(`invalid permission condition on ${context.type.singularName}: ${issues.join('; ')}`);
  return filter;
}

/**
 * Turns the `qs`-parsed query of a content request into a typed ContentQuery, checked against the
 * content types: unknown or unreadable keys, unknown operators, operators on the wrong kind of
 * value, and every limit of CONTRACT §3 are a 400 listing each problem with its path. Private and
 * unreadable attributes answer exactly as unknown ones, so their existence does not leak.
 */
export function parseQuery(raw: Readonly<Record<string, unknown>>, context: QueryContext): ContentQuery {
  const issues: ValidationIssue[] = [];
  const parser = new Parser(context, (path, message) => issues.push({ path, message, name: 'ValidationError' }));
  const query = parser.parse(raw);
  if (issues.length > 0) throw DomainError.invalid('INVALID_QUERY', [issues[0]!, ...issues.slice(1)]);
  return query;
}

class Parser {
  /**
   * What may be read of the component entries being parsed, innermost last: a component's fields
   * follow the allow-list of the attribute that holds it, not a permission of their own.
   */
  private readonly entryScopes: Readable[] = [];

  constructor(
    private readonly context: QueryContext,
    private readonly report: (path: Path, message: string) => void,
  ) {}

  /** Parses inside a component's entries, under what the caller may read of them. */
  private within<T>(allowed: Readable, parse: () => T): T {
    this.entryScopes.push(allowed);
    try {
      return parse();
    } finally {
      this.entryScopes.pop();
    }
  }

  parse(raw: Readonly<Record<string, unknown>>): ContentQuery {
    const { type } = this.context;
    const status = raw.status ?? 'published';
    if (status !== 'published' && status !== 'draft') this.report(['status'], 'must be draft or published');
    // `_q` is Strapi's name for it.
    const search = raw.search ?? raw._q;
    if (search !== undefined && (typeof search !== 'string' || search.length > QUERY_LIMITS.searchLength)) {
      this.report(['search'], `must be text of at most ${QUERY_LIMITS.searchLength} characters`);
    }
    const fallback = raw.fallback === undefined ? false : coerceBoolean(raw.fallback);
    if (fallback === undefined) this.report(['fallback'], 'must be true or false');
    const locale = raw.locale;
    if (locale !== undefined && (typeof locale !== 'string' || !LOCALE.test(locale)))
      this.report(['locale'], 'must be a locale code such as en or fr-CA');
    const filter = raw.filters === undefined ? undefined : this.filter(raw.filters, type, [], ['filters'], 1, false);
    const fields =
      raw.fields === undefined || raw.fields === '*' ? undefined : this.fields(raw.fields, type, ['fields'], false);
    return {
      ...(filter ? { filter } : {}),
      sort: this.sort(raw.sort, type, ['sort'], false),
      pagination: this.pagination(raw.pagination),
      ...(fields ? { fields } : {}),
      populate: raw.populate === undefined ? [] : this.populate(raw.populate, type, ['populate'], 1),
      status: status === 'draft' ? 'draft' : 'published',
      ...(typeof search === 'string' && search.trim() !== '' ? { search: search.trim() } : {}),
      ...(typeof locale === 'string' && type.localized ? { locale } : {}),
      ...(fallback && type.localized ? { fallback: true as const } : {}),
    };
  }

  condition(raw: Readonly<Record<string, unknown>>): FilterNode | undefined {
    return this.filter(raw, this.context.type, [], ['conditions'], 1, false);
  }

  private get trusted(): boolean {
    return (this.context as Partial<TrustedContext>).trusted === true;
  }

  private tooDeep(depth: number, path: Path): boolean {
    if (depth <= QUERY_LIMITS.filterDepth) return false;
    this.report(path, `nests deeper than ${QUERY_LIMITS.filterDepth} levels`);
    return true;
  }

  /**
   * A name of `type` the caller may use, or undefined (answered as an unknown key). A relation to
   * a type the caller may not read is refused, except to populate, which then answers it empty.
   */
  private field(type: ContentType, name: string, nested: boolean, populating = false): Field | undefined {
    if (Object.hasOwn(SYSTEM_FIELDS, name))
      // A component entry has an id, and none of a document's other system fields.
      return type.kind === 'component' && name !== 'id'
        ? undefined
        : { kind: 'scalar', valueKind: SYSTEM_FIELDS[name]! };
    if (this.trusted && USER_FIELDS.has(name)) return { kind: 'user' };
    if (name === 'locale' && type.localized) return { kind: 'scalar', valueKind: 'string' };
    const attribute = type.attributes.find((candidate) => candidate.name === name);
    if (!attribute || !this.readable(type, attribute, nested)) return undefined;
    if (isComposed(attribute))
      return { kind: 'entries', attribute, allowed: narrow(this.readableOf(type, nested), attribute.name) };
    // Permission conditions compare the user's id (`owner: {id: {$eq: '$currentUser'}}`).
    if (isUserRelation(attribute)) return this.trusted ? { kind: 'user' } : populating ? { kind: 'users' } : undefined;
    if (isRelational(attribute)) {
      const target = this.context.typeOf(attribute.target);
      if (!target || (!populating && !this.trusted && this.readableOf(target, true) === undefined)) return undefined;
      return { kind: 'relation', target, toMany: isToMany(attribute) };
    }
    const valueKind = attributeType(attribute).valueKind;
    return valueKind ? { kind: 'scalar', valueKind } : undefined;
  }

  private readable(type: ContentType, attribute: Attribute, nested: boolean): boolean {
    if (this.trusted) return true;
    if (attribute.private) return false;
    const allowed = this.readableOf(type, nested);
    return isComposed(attribute) ? narrow(allowed, attribute.name) !== undefined : allows(allowed, attribute.name);
  }

  private readableOf(type: ContentType, nested: boolean): Readable {
    if (type.kind === 'component') return this.entryScopes.at(-1);
    return this.context.readable && !this.trusted ? this.context.readable(type, nested) : 'all';
  }

  private filter(
    raw: unknown,
    type: ContentType,
    prefix: readonly string[],
    path: Path,
    depth: number,
    nested: boolean,
  ): FilterNode | undefined {
    if (this.tooDeep(depth, path)) return undefined;
    if (!isObject(raw)) {
      this.report(path, 'must be a filter object');
      return undefined;
    }
    const nodes: FilterNode[] = [];
    for (const [key, value] of Object.entries(raw)) {
      const at = [...path, key];
      if (key === '$and' || key === '$or') {
        const items = listOf(value);
        if (!items) {
          this.report(at, 'must be a list of filters');
          continue;
        }
        const children = items.map((item, index) => this.filter(item, type, prefix, [...at, index], depth + 1, nested));
        if (children.every(Boolean))
          nodes.push({ kind: key === '$and' ? 'and' : 'or', nodes: children as FilterNode[] });
      } else if (key === '$not') {
        const child = this.filter(value, type, prefix, at, depth + 1, nested);
        if (child) nodes.push({ kind: 'not', node: child });
      } else if (key.startsWith('$')) {
        this.report(at, 'is not an operator here: name an attribute first');
      } else {
        const field = this.field(type, key, nested);
        if (!field || field.kind === 'users') {
          this.report(at, `Invalid key ${key}`);
        } else if (field.kind === 'user') {
          const byId = isObject(value) && Object.keys(value).length === 1 ? value.id : undefined;
          const child =
            byId === undefined
              ? undefined
              : this.comparisons(byId, 'number', [...prefix, key, 'id'], [...at, 'id'], depth + 1);
          if (child) nodes.push(child);
          else this.report(at, 'compares only the id of a user');
        } else if (field.kind === 'relation') {
          const child = this.filter(value, field.target, [...prefix, key], at, depth + 1, true);
          if (child) nodes.push(child);
        } else if (field.kind === 'entries') {
          const component =
            field.attribute.type === 'component' ? this.component(field.attribute.component) : undefined;
          if (!component) {
            this.report(at, `Invalid key ${key}: dynamic zones cannot be filtered`);
            continue;
          }
          const child = this.within(field.allowed, () =>
            this.filter(value, component, [...prefix, key], at, depth + 1, nested),
          );
          if (child) nodes.push(child);
        } else {
          const child = this.comparisons(value, field.valueKind, [...prefix, key], at, depth + 1);
          if (child) nodes.push(child);
        }
      }
    }
    if (nodes.length === 0) return undefined;
    return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes };
  }

  private comparisons(
    raw: unknown,
    kind: ValueKind,
    fieldPath: readonly string[],
    path: Path,
    depth: number,
  ): FilterNode | undefined {
    if (this.tooDeep(depth, path)) return undefined;
    // `filters[title]=x` means `$eq`, as in Strapi.
    const entries = isObject(raw) ? Object.entries(raw) : [['$eq', raw] as const];
    const nodes: FilterNode[] = [];
    for (const [operator, operand] of entries) {
      const at = [...path, operator];
      if (operator === '$not') {
        const child = this.comparisons(operand, kind, fieldPath, at, depth + 1);
        if (child) nodes.push({ kind: 'not', node: child });
        continue;
      }
      if (!isOperator(operator)) {
        this.report(at, `Invalid operator ${operator}`);
        continue;
      }
      const spec = OPERATORS[operator];
      if (!(spec.accepts as readonly ValueKind[]).includes(kind)) {
        this.report(at, `cannot compare a ${kind} value`);
        continue;
      }
      const value = this.operand(operand, spec.arity, kind, at);
      if (value !== undefined) nodes.push({ kind: 'compare', path: fieldPath, operator, value });
    }
    if (nodes.length === 0) return undefined;
    return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes };
  }

  private operand(
    raw: unknown,
    arity: 'value' | 'list' | 'pair' | 'flag',
    kind: ValueKind,
    path: Path,
  ): FilterValue | FilterValue[] | undefined {
    if (arity === 'flag') {
      const flag = coerceBoolean(raw);
      if (flag === undefined) this.report(path, 'must be true or false');
      return flag;
    }
    if (arity === 'value') return this.coerce(raw, kind, path);
    // `$in=x`: a list of one, as Strapi reads it.
    const items = listOf(raw) ?? (arity === 'list' && !isObject(raw) ? [raw] : undefined);
    if (!items || items.length === 0 || items.length > QUERY_LIMITS.listLength) {
      this.report(path, `must be a list of 1 to ${QUERY_LIMITS.listLength} values`);
      return undefined;
    }
    if (arity === 'pair' && items.length !== 2) {
      this.report(path, 'must be a list of two values');
      return undefined;
    }
    const values = items.map((item, index) => this.coerce(item, kind, [...path, index]));
    return values.every((value) => value !== undefined) ? (values as FilterValue[]) : undefined;
  }

  private coerce(raw: unknown, kind: ValueKind, path: Path): FilterValue | undefined {
    const text = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    if (typeof text !== 'string') {
      this.report(path, 'must be a single value');
      return undefined;
    }
    switch (kind) {
      case 'string':
        return text;
      case 'number':
        if (NUMBER.test(text) && Number.isFinite(Number(text))) return Number(text);
        break;
      case 'boolean': {
        const flag = coerceBoolean(text);
        if (flag !== undefined) return flag;
        break;
      }
      case 'date': {
        const date = new Date(text);
        if (text.trim() !== '' && !Number.isNaN(date.getTime())) return date;
        break;
      }
      case 'day': {
        // A day as it is written (`2024-01-15`), or the UTC day of an instant.
        const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
        if (text.trim() !== '' && !Number.isNaN(date.getTime())) return new Day(date.toISOString().slice(0, 10));
        break;
      }
      case 'json':
        break;
    }
    this.report(path, `is not a ${kind} value`);
    return undefined;
  }

  private sort(raw: unknown, type: ContentType, path: Path, nested: boolean): SortField[] {
    if (raw === undefined) return [];
    const items =
      typeof raw === 'string'
        ? raw.split(',')
        : listOf(raw)?.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));
    if (!items) {
      this.report(path, 'must be field[:asc|:desc], or a list of them');
      return [];
    }
    if (items.length > QUERY_LIMITS.sortFields)
      this.report(path, `must name at most ${QUERY_LIMITS.sortFields} fields`);
    return items.flatMap((item, index) => {
      const at = [...path, index];
      const match = typeof item === 'string' ? /^([A-Za-z][\w.]*)(?::(asc|desc))?$/i.exec(item.trim()) : null;
      if (!match) {
        this.report(at, 'must be field[:asc|:desc]');
        return [];
      }
      const fieldPath = match[1]!.split('.');
      return this.scalarPath(type, fieldPath, at, nested)
        ? [{ path: fieldPath, direction: (match[2] ?? 'asc').toLowerCase() as 'asc' | 'desc' }]
        : [];
    });
  }

  /** A dotted path through to-one relations to a comparable field. */
  private scalarPath(type: ContentType, fieldPath: readonly string[], path: Path, nested: boolean): boolean {
    let current = type;
    for (const [index, name] of fieldPath.entries()) {
      const field = this.field(current, name, nested || index > 0);
      const last = index === fieldPath.length - 1;
      if (
        !field ||
        field.kind === 'user' ||
        field.kind === 'entries' ||
        (field.kind === 'scalar' && (!last || field.valueKind === 'json'))
      ) {
        this.report(path, `Invalid key ${fieldPath.slice(0, index + 1).join('.')}`);
        return false;
      }
      if (field.kind === 'relation') {
        if (last || field.toMany) {
          this.report(
            path,
            `cannot sort by ${fieldPath.slice(0, index + 1).join('.')}: name a field of a to-one relation`,
          );
          return false;
        }
        current = field.target;
      }
    }
    return true;
  }

  private pagination(raw: unknown): Pagination {
    const fallback: Pagination = { kind: 'page', page: 1, pageSize: QUERY_LIMITS.defaultPageSize, withCount: true };
    if (raw === undefined) return fallback;
    if (!isObject(raw)) {
      this.report(['pagination'], 'must be an object');
      return fallback;
    }
    const max = this.context.maxPageSize ?? QUERY_LIMITS.maxPageSize;
    for (const key of Object.keys(raw)) {
      if (!['page', 'pageSize', 'start', 'limit', 'withCount', 'cursor'].includes(key))
        this.report(['pagination', key], 'is not a pagination parameter');
    }
    // As Strapi: out-of-range numbers are clamped (pageSize to the maximum, page to 1), not refused.
    const number = (key: string, min: number, limit: number): number | undefined => {
      const value = raw[key];
      if (value === undefined) return undefined;
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !/^-?\d{1,16}$/.test(text)) {
        this.report(['pagination', key], 'must be an integer');
        return undefined;
      }
      return Math.min(Math.max(Number(text), min), limit);
    };
    const withCount = raw.withCount === undefined ? true : coerceBoolean(raw.withCount);
    if (withCount === undefined) this.report(['pagination', 'withCount'], 'must be true or false');
    const paged = raw.page !== undefined || raw.pageSize !== undefined;
    const offset = raw.start !== undefined || raw.limit !== undefined;
    if (raw.cursor !== undefined) {
      if (raw.page !== undefined || raw.start !== undefined)
        this.report(['pagination', 'cursor'], 'cannot be combined with page or start');
      if (typeof raw.cursor !== 'string' || raw.cursor.length > 1000)
        this.report(['pagination', 'cursor'], 'must be a cursor from meta.pagination.nextCursor');
      return {
        kind: 'cursor',
        ...(typeof raw.cursor === 'string' && raw.cursor !== '' ? { cursor: raw.cursor } : {}),
        limit: number('limit', 1, max) ?? number('pageSize', 1, max) ?? QUERY_LIMITS.defaultPageSize,
      };
    }
    if (paged && offset) this.report(['pagination'], 'takes page and pageSize, or start and limit, not both');
    if (offset) {
      return {
        kind: 'offset',
        start: number('start', 0, Number.MAX_SAFE_INTEGER) ?? 0,
        limit: number('limit', 1, max) ?? QUERY_LIMITS.defaultPageSize,
        withCount: withCount ?? true,
      };
    }
    return {
      kind: 'page',
      page: number('page', 1, Number.MAX_SAFE_INTEGER) ?? 1,
      pageSize: number('pageSize', 1, max) ?? QUERY_LIMITS.defaultPageSize,
      withCount: withCount ?? true,
    };
  }

  private fields(raw: unknown, type: ContentType, path: Path, nested: boolean): string[] {
    const names = typeof raw === 'string' ? raw.split(',') : listOf(raw);
    if (!names) {
      this.report(path, 'must be a list of attribute names');
      return [];
    }
    return names.flatMap((name, index) => {
      const field = typeof name === 'string' ? this.field(type, name.trim(), nested) : undefined;
      if (!field || field.kind !== 'scalar') {
        this.report([...path, index], `Invalid key ${String(name)}`);
        return [];
      }
      return [(name as string).trim()];
    });
  }

  private populate(raw: unknown, type: ContentType, path: Path, depth: number): PopulateNode[] {
    if (depth > QUERY_LIMITS.populateDepth) {
      this.report(path, `populates deeper than ${QUERY_LIMITS.populateDepth} levels`);
      return [];
    }
    if (raw === '*' || raw === true || raw === 'true') {
      return type.attributes.flatMap((attribute) => {
        const field =
          isRelational(attribute) || isComposed(attribute)
            ? this.field(type, attribute.name, depth > 1, true)
            : undefined;
        if (!field) return [];
        return [{ attribute: attribute.name, sort: [], populate: [], ...entriesAllowed(field) }];
      });
    }
    if (typeof raw === 'string' || Array.isArray(raw)) {
      const names = typeof raw === 'string' ? raw.split(',') : raw;
      return names.flatMap((name, index) => {
        if (typeof name !== 'string') {
          this.report([...path, index], 'must be an attribute name');
          return [];
        }
        // Dotted paths populate through: `author.avatar`.
        const [head, ...rest] = name.trim().split('.');
        return this.populateNode(head!, rest.length > 0 ? rest.join('.') : true, type, [...path, index], depth);
      });
    }
    if (!isObject(raw)) {
      this.report(path, 'must be *, a list of attributes or an object');
      return [];
    }
    return Object.entries(raw).flatMap(([name, value]) => this.populateNode(name, value, type, [...path, name], depth));
  }

  private component(uid: string): ContentType | undefined {
    const type = this.context.typeOf(uid);
    return type?.kind === 'component' ? type : undefined;
  }

  /**
   * The populate of a component (`fields`, `populate` inside it) or of a dynamic zone (`on`
   * fragments per component, or `populate=*` for every one), parsed within what the caller may
   * read of the entries.
   */
  private entriesNode(
    name: string,
    field: Extract<Field, { kind: 'entries' }>,
    raw: unknown,
    path: Path,
    depth: number,
  ): PopulateNode[] {
    const node = { attribute: name, sort: [], ...entriesAllowed(field) };
    if (raw === true || raw === 'true' || raw === '*') return [{ ...node, populate: [] }];
    const { attribute } = field;
    if (attribute.type === 'component') {
      const component = this.component(attribute.component);
      if (!component) return [{ ...node, populate: [] }];
      if (typeof raw === 'string') return [{ ...node, populate: this.populate(raw, component, path, depth + 1) }];
      if (!isObject(raw)) {
        this.report(path, 'must be true or an object of fields and populate');
        return [];
      }
      return [{ ...node, ...this.fragment(raw, component, path, depth) }];
    }
    if (!isObject(raw)) {
      this.report(path, 'must be true, or an object with on fragments per component');
      return [];
    }
    for (const key of Object.keys(raw))
      if (key !== 'on' && key !== 'populate') this.report([...path, key], 'is not a populate option of a dynamic zone');
    const on: Record<string, EntryPopulate> = {};
    for (const uid of attribute.components) {
      const component = this.component(uid);
      if (component && raw.populate !== undefined)
        on[uid] = { populate: this.populate(raw.populate, component, [...path, 'populate'], depth + 1) };
    }
    if (raw.on !== undefined) {
      if (!isObject(raw.on)) this.report([...path, 'on'], 'must be an object of fragments by component');
      for (const [uid, fragment] of Object.entries(isObject(raw.on) ? raw.on : {})) {
        const component = attribute.components.includes(uid) ? this.component(uid) : undefined;
        const at = [...path, 'on', uid];
        if (!component) this.report(at, `Invalid key ${uid}`);
        else if (fragment === true || fragment === 'true' || fragment === '*') on[uid] = { populate: [] };
        else if (!isObject(fragment)) this.report(at, 'must be true or an object of fields and populate');
        else on[uid] = this.fragment(fragment, component, at, depth);
      }
    }
    return [{ ...node, populate: [], on }];
  }

  /** A component's `fields` and `populate`, as a populate of its entries asks them. */
  private fragment(raw: Record<string, unknown>, component: ContentType, path: Path, depth: number): EntryPopulate {
    for (const key of Object.keys(raw))
      if (key !== 'fields' && key !== 'populate')
        this.report([...path, key], 'is not a populate option of a component');
    return {
      ...(raw.fields !== undefined && raw.fields !== '*'
        ? { fields: this.fields(raw.fields, component, [...path, 'fields'], true) }
        : {}),
      populate:
        raw.populate === undefined ? [] : this.populate(raw.populate, component, [...path, 'populate'], depth + 1),
    };
  }

  /** `populate[tags][limit]`: related documents per parent, on to-many relations only. */
  private populateLimit(raw: unknown, toMany: boolean, path: Path): number | undefined {
    const max = this.context.maxPageSize ?? QUERY_LIMITS.maxPageSize;
    const text = typeof raw === 'number' ? String(raw) : raw;
    if (!toMany) this.report(path, 'limits only to-many relations');
    else if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) < 1)
      this.report(path, `must be an integer from 1 to ${max}`);
    else return Math.min(Number(text), max);
    return undefined;
  }

  private populateNode(name: string, raw: unknown, type: ContentType, path: Path, depth: number): PopulateNode[] {
    if (raw === false || raw === 'false') return [];
    const field = this.field(type, name, depth > 1, true);
    if (!field || field.kind === 'scalar' || field.kind === 'user') {
      this.report(path, `Invalid key ${name}`);
      return [];
    }
    if (field.kind === 'entries')
      return this.within(field.allowed, () => this.entriesNode(name, field, raw, path, depth));
    if (field.kind === 'users') {
      if (!(raw === true || raw === 'true' || raw === '*')) this.report(path, 'populates a user whole: use true');
      return [{ attribute: name, sort: [], populate: [] }];
    }
    // A type the caller may not read is populated empty, whatever is asked of it.
    if (raw === true || raw === 'true' || raw === '*' || this.readableOf(field.target, true) === undefined)
      return [{ attribute: name, sort: [], populate: [] }];
    if (typeof raw === 'string') {
      return [
        {
          attribute: name,
          sort: [],
          populate: this.populate(raw, field.target, path, depth + 1),
        },
      ];
    }
    if (!isObject(raw)) {
      this.report(path, 'must be true or an object of fields, filters, sort and populate');
      return [];
    }
    for (const key of Object.keys(raw)) {
      if (!['fields', 'filters', 'sort', 'populate', 'limit', 'count'].includes(key))
        this.report([...path, key], 'is not a populate option');
    }
    const limit = raw.limit === undefined ? undefined : this.populateLimit(raw.limit, field.toMany, [...path, 'limit']);
    const count = raw.count === undefined ? undefined : coerceBoolean(raw.count);
    if (raw.count !== undefined && (count === undefined || !field.toMany))
      this.report([...path, 'count'], field.toMany ? 'must be true or false' : 'counts only to-many relations');
    const filter =
      raw.filters === undefined ? undefined : this.filter(raw.filters, field.target, [], [...path, 'filters'], 1, true);
    return [
      {
        attribute: name,
        ...(raw.fields !== undefined && raw.fields !== '*'
          ? { fields: this.fields(raw.fields, field.target, [...path, 'fields'], true) }
          : {}),
        ...(filter ? { filter } : {}),
        sort: this.sort(raw.sort, field.target, [...path, 'sort'], true),
        ...(limit !== undefined ? { limit } : {}),
        ...(count ? { count: true as const } : {}),
        populate:
          raw.populate === undefined ? [] : this.populate(raw.populate, field.target, [...path, 'populate'], depth + 1),
      },
    ];
  }
}

/** What may be read of the entries of `name`: all of it when it is allowed whole, or its `name.x` paths. */
function narrow(allowed: Readable, name: string): Readable {
  if (allowed === undefined || allowed === 'all' || allowed.has(name)) return allowed && 'all';
  const prefix = `${name}.`;
  const inner = [...allowed].filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));
  return inner.length > 0 ? new Set(inner) : undefined;
}

function allows(allowed: Readable, name: string): boolean {
  return allowed === 'all' || (allowed !== undefined && allowed.has(name));
}

/** A populate node's `allowed`, for a component or dynamic zone. */
function entriesAllowed(field: Field): Pick<PopulateNode, 'allowed'> {
  if (field.kind !== 'entries') return {};
  return { allowed: field.allowed === 'all' || field.allowed === undefined ? 'all' : [...field.allowed] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list, also as qs gives long arrays: an object with index keys. */
function listOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isObject(value) && Object.keys(value).every((key) => /^\d+$/.test(key))) return Object.values(value);
  return undefined;
}

function coerceBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  return undefined;
}
