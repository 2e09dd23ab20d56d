import { isRelational, isUserRelation, sqlTimestamp, type ContentType } from '@cms/schema';
import { Day, type FilterNode, type FilterValue } from '../query/content-query';
import type { Operator } from '@cms/core';
import { escapeLike, joinSql, LIKE_ESCAPE, sql, type Sql } from './sql';
import { attributeOf, columnOf, relationStorage } from './storage';

export type Dialect = 'mysql' | 'sqlite';

export interface CompileContext {
  readonly dialect: Dialect;
  readonly typeOf: (singularName: string) => ContentType | undefined;
  /** Which version of related documents to match: drafts when reading drafts. */
  readonly status: 'published' | 'draft';
  /**
   * The caller's row condition on a related type (from its access plan): applied inside every
   * relation subquery, so a row the caller may not see never matches (`false`: none may).
   * Absent when compiling a permission condition itself, which the server trusts.
   */
  readonly conditionOf?: (type: ContentType) => FilterNode | false | undefined;
  /** The locale being read: related documents of localized types are matched in it. */
  readonly locale?: string;
}

/** `createdBy.id` and `updatedBy.id`, as permission conditions name them. */
const USER_COLUMNS: Readonly<Record<string, string>> = { createdBy: 'created_by_id', updatedBy: 'updated_by_id' };

/** Identifier quoting per dialect; identifiers only ever come from the registry. */
export function quote(dialect: Dialect, identifier: string): string {
  return dialect === 'mysql' ? `\`${identifier}\`` : `"${identifier}"`;
}

/**
 * Compiles a validated filter into one parameterized SQL condition on the rows of `type` under
 * `alias`. Paths through relations become subqueries on the target's table, matching the version
 * of the target that is being read.
 */
export function compileFilter(
  node: FilterNode,
  type: ContentType,
  alias: string,
  context: CompileContext,
  depth = 0,
): Sql {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.nodes.map((child) => compileFilter(child, type, alias, context, depth));
      if (parts.length === 0) return sql(node.kind === 'and' ? '1 = 1' : '1 = 0');
      const joined = joinSql(parts, node.kind === 'and' ? ' AND ' : ' OR ');
      return sql(`(${joined.text})`, joined.params);
    }
    case 'not': {
      const inner = compileFilter(node.node, type, alias, context, depth);
      return sql(`NOT (${inner.text})`, inner.params);
    }
    case 'compare':
      return comparePath(node.path, node.operator, node.value, type, alias, context, depth);
  }
}

function comparePath(
  path: readonly string[],
  operator: Operator,
  value: FilterValue | readonly FilterValue[],
  type: ContentType,
  alias: string,
  context: CompileContext,
  depth: number,
): Sql {
  const q = (identifier: string) => quote(context.dialect, identifier);
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return compare(`${q(alias)}.${q(columnOf(type, head))}`, operator, value, context.dialect);
  const userColumn = USER_COLUMNS[head];
  if (userColumn && rest.length === 1 && rest[0] === 'id')
    return compare(`${q(alias)}.${q(userColumn)}`, operator, value, context.dialect);
  const attribute = attributeOf(type, head);
  if (isUserRelation(attribute) && rest.length === 1 && rest[0] === 'id')
    return compare(`${q(alias)}.${q(columnOf(type, head))}`, operator, value, context.dialect);
  if (attribute.type === 'component') {
    // A component's fields: some entry of the row, under this attribute, matches.
    const component = context.typeOf(attribute.component)!;
    const sub = `c${depth + 1}`;
    const inner = comparePath(rest, operator, value, component, sub, context, depth + 1);
    return sql(
      `EXISTS (SELECT 1 FROM ${q(component.tableName)} ${q(sub)} WHERE ${q(sub)}.${q('owner_type')} = ? AND ${q(sub)}.${q('field')} = ? AND ${q(sub)}.${q('owner_id')} = ${q(alias)}.${q('id')} AND ${inner.text})`,
      [type.uid, head, ...inner.params],
    );
  }
  if (!isRelational(attribute)) throw new Error(`${type.singularName}.${head} is not a relation`);
  // `filters[rel][id][$null]=true` (as Strapi): documents with no related document (the caller may see).
  if (rest.length === 1 && rest[0] === 'id' && asksForNull(operator, value)) {
    const related = comparePath(path, '$notNull', true, type, alias, context, depth);
    // `NULL IN (...)` is NULL, not false: a document without the reference must still match.
    return sql(`NOT COALESCE((${related.text}), 0)`, related.params);
  }
  const target = context.typeOf(attribute.target)!;
  const sub = `r${depth + 1}`;
  const inner = comparePath(rest, operator, value, target, sub, context, depth + 1);
  const where = joinSql([relatedRows(target, sub, context, depth + 1), inner], ' AND ');
  const storage = relationStorage(type, head, context.typeOf);
  const own = (column: string) => `${q(alias)}.${q(column)}`;
  const targetTable = `${q(target.tableName)} ${q(sub)}`;
  switch (storage.kind) {
    case 'column':
      return sql(
        `${own(storage.column)} IN (SELECT ${q(sub)}.${q('document_id')} FROM ${targetTable} WHERE ${where.text})`,
        where.params,
      );
    case 'inverse-column':
      return sql(
        `${own('document_id')} IN (SELECT ${q(sub)}.${q(storage.column)} FROM ${targetTable} WHERE ${where.text})`,
        where.params,
      );
    case 'link': {
      const link = `l${depth + 1}`;
      return sql(
        `EXISTS (SELECT 1 FROM ${q(storage.table)} ${q(link)} JOIN ${targetTable} ON ${q(sub)}.${q('document_id')} = ${q(link)}.${q('target_document_id')} WHERE ${q(link)}.${q('row_id')} = ${own('id')} AND ${where.text})`,
        where.params,
      );
    }
    case 'inverse-link': {
      const link = `l${depth + 1}`;
      return sql(
        `EXISTS (SELECT 1 FROM ${q(storage.table)} ${q(link)} JOIN ${targetTable} ON ${q(sub)}.${q('id')} = ${q(link)}.${q('row_id')} WHERE ${q(link)}.${q('target_document_id')} = ${own('document_id')} AND ${where.text})`,
        where.params,
      );
    }
  }
}

/**
 * The rows of a related type a subquery may match: the version being read, and only those the
 * caller may see (its row condition on that type, compiled as the server's own, trusted filter).
 */
export function relatedRows(target: ContentType, alias: string, context: CompileContext, depth: number): Sql {
  const q = (identifier: string) => quote(context.dialect, identifier);
  const version = sql(`${q(alias)}.${q('is_published')} = ?`, [
    target.draftAndPublish && context.status === 'draft' ? 0 : 1,
  ]);
  const rows =
    target.localized && context.locale !== undefined
      ? joinSql([version, sql(`${q(alias)}.${q('locale')} = ?`, [context.locale])], ' AND ')
      : version;
  const condition = context.conditionOf?.(target);
  if (condition === undefined) return rows;
  if (condition === false) return sql('1 = 0');
  const { conditionOf: _, ...trusted } = context;
  return joinSql([rows, compileFilter(condition, target, alias, trusted, depth)], ' AND ');
}

function asksForNull(operator: Operator, value: FilterValue | readonly FilterValue[]): boolean {
  return (operator === '$null' && value === true) || (operator === '$notNull' && value === false);
}

/** One operator on one column, in one exhaustive table. */
const COMPARE: Record<Operator, (column: string, value: never, dialect: Dialect) => Sql> = {
  $eq: (column, value: FilterValue, dialect) => sql(`${exact(column, value, dialect)} = ?`, [param(value)]),
  $eqi: (column, value: FilterValue) => sql(`LOWER(${column}) = LOWER(?)`, [param(value)]),
  $ne: (column, value: FilterValue, dialect) => sql(`${exact(column, value, dialect)} <> ?`, [param(value)]),
  $nei: (column, value: FilterValue) => sql(`LOWER(${column}) <> LOWER(?)`, [param(value)]),
  $lt: (column, value: FilterValue) => sql(`${column} < ?`, [param(value)]),
  $lte: (column, value: FilterValue) => sql(`${column} <= ?`, [param(value)]),
  $gt: (column, value: FilterValue) => sql(`${column} > ?`, [param(value)]),
  $gte: (column, value: FilterValue) => sql(`${column} >= ?`, [param(value)]),
  $in: (column, values: FilterValue[], dialect) =>
    sql(`${exact(column, values[0], dialect)} IN (${values.map(() => '?').join(', ')})`, values.map(param)),
  $notIn: (column, values: FilterValue[], dialect) =>
    sql(`${exact(column, values[0], dialect)} NOT IN (${values.map(() => '?').join(', ')})`, values.map(param)),
  $contains: (column, value: string, dialect) => like(column, `%${escapeLike(value)}%`, false, dialect),
  $notContains: (column, value: string, dialect) => negate(like(column, `%${escapeLike(value)}%`, false, dialect)),
  $containsi: (column, value: string, dialect) => like(column, `%${escapeLike(value)}%`, true, dialect),
  $notContainsi: (column, value: string, dialect) => negate(like(column, `%${escapeLike(value)}%`, true, dialect)),
  $startsWith: (column, value: string, dialect) => like(column, `${escapeLike(value)}%`, false, dialect),
  $startsWithi: (column, value: string, dialect) => like(column, `${escapeLike(value)}%`, true, dialect),
  $endsWith: (column, value: string, dialect) => like(column, `%${escapeLike(value)}`, false, dialect),
  $endsWithi: (column, value: string, dialect) => like(column, `%${escapeLike(value)}`, true, dialect),
  $between: (column, [low, high]: FilterValue[]) => sql(`${column} BETWEEN ? AND ?`, [param(low!), param(high!)]),
  $null: (column, isNull: boolean) => sql(`${column} ${isNull ? 'IS NULL' : 'IS NOT NULL'}`),
  $notNull: (column, notNull: boolean) => sql(`${column} ${notNull ? 'IS NOT NULL' : 'IS NULL'}`),
};

function compare(
  column: string,
  operator: Operator,
  value: FilterValue | readonly FilterValue[],
  dialect: Dialect,
): Sql {
  return COMPARE[operator](column, value as never, dialect);
}

/**
 * Text columns compare case-insensitively by default (unique must: CONTRACT §2); the exact
 * operators ask for a binary comparison instead.
 */
function exact(column: string, value: FilterValue | undefined, dialect: Dialect): string {
  if (typeof value !== 'string') return column;
  return dialect === 'mysql' ? `${column} COLLATE utf8mb4_bin` : `${column} COLLATE BINARY`;
}

function like(column: string, pattern: string, caseInsensitive: boolean, dialect: Dialect): Sql {
  if (caseInsensitive) return sql(`LOWER(${column}) LIKE LOWER(?) ESCAPE '!'`, [pattern]);
  // MySQL compares in a binary collation; SQLite's LIKE ignores ASCII case, so the same pattern is
  // also checked with GLOB, which does not.
  if (dialect === 'mysql') return sql(`${column} COLLATE utf8mb4_bin LIKE ? ESCAPE '!'`, [pattern]);
  return sql(`(${column} LIKE ? ESCAPE '!' AND ${column} GLOB ?)`, [pattern, likeToGlob(pattern)]);
}

/** As Strapi: a negated match does not match NULL (SQL's NOT of an unknown stays unknown). */
function negate(condition: Sql): Sql {
  return sql(`NOT (${condition.text})`, condition.params);
}

/** The GLOB twin of an escaped LIKE pattern: same match, but case-sensitive. */
function likeToGlob(pattern: string): string {
  let glob = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === LIKE_ESCAPE) {
      const next = pattern[++index]!;
      glob += next === '*' || next === '?' || next === '[' ? `[${next}]` : next;
    } else if (char === '%') glob += '*';
    else if (char === '_') glob += '?';
    else if (char === '*' || char === '?' || char === '[') glob += `[${char}]`;
    else glob += char;
  }
  return glob;
}

/** Values as both drivers bind them: dates as UTC `YYYY-MM-DD HH:MM:SS.sss`, booleans as 1/0. */
export function param(value: FilterValue): unknown {
  if (value instanceof Date) return sqlTimestamp(value);
  if (value instanceof Day) return value.iso;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
