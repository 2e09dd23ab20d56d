import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, isMysqlFamily } from '@cms/core';
import { columnNameOf, isRelational, isToMany, SchemaRegistry, sqlTimestamp, type ContentType } from '@cms/schema';
import type { DataSource, EntityManager } from 'typeorm';
import type { AccessPlan } from '../access/access-plan';
import type { ContentQuery } from '../query/content-query';
import { visibleAttributes, type Row } from '../serialize/serialize-document';
import { compileFilter, quote, type CompileContext, type Dialect } from '../sql/compile-filter';
import { joinSql, sql, type Sql } from '../sql/sql';
import { afterCursor, decodeCursor, encodeCursor } from './cursor';
import { compileSearch } from '../sql/search';
import { compileSort } from '../sql/compile-sort';
import { columnOf } from '../sql/storage';

export interface Page {
  readonly rows: Row[];
  readonly total?: number;
  /** With cursor pagination: where the next page starts, or null after the last one. */
  readonly nextCursor?: string | null;
}

const ALIAS = 't';
/** From this offset on, a page is read as ids first, then rows (a deferred join). */
const DEFERRED_JOIN_OFFSET = 1000;
const SYSTEM = ['id', 'document_id', 'created_at', 'updated_at', 'published_at'];

/**
 * Reads documents with one query for the page and one for the count, without a transaction: the
 * filter, the caller's row condition and the version (draft or published) are all in the SQL.
 */
@Injectable()
export class DocumentReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchemaRegistry,
  ) {}

  private get dialect(): Dialect {
    return isMysqlFamily(this.dataSource.options) ? 'mysql' : 'sqlite';
  }

  /** A page of `plan.root`'s documents, under the plan's root access and its reach into relations. */
  async findMany(query: ContentQuery, plan: AccessPlan): Promise<Page> {
    const type = plan.root;
    if (query.pagination.kind === 'cursor') return this.findAfterCursor(query, plan);
    if (plan.rootAccess.condition === false) return { rows: [], total: 0 };
    const where = this.where(query, plan);
    const { limit, offset, withCount } = window(query);
    const q = (identifier: string) => quote(this.dialect, identifier);
    // Ties are broken by id in the direction of the last sort: an index on the sorted columns (which
    // ends in the id) then gives the whole order by itself, read forwards or backwards.
    const tieBreak = query.sort.at(-1)?.direction === 'desc' ? 'DESC' : 'ASC';
    const order = joinSql(
      [
        ...query.sort.map((field) => compileSort(field, type, ALIAS, this.compileContext(query, plan))),
        sql(`${q(ALIAS)}.${q('id')} ${tieBreak}`),
      ],
      ', ',
    );
    const table = `${q(type.tableName)} ${q(ALIAS)}`;
    // A deep page picks its ids on the narrow index first, then reads only those wide rows.
    const page =
      offset >= DEFERRED_JOIN_OFFSET
        ? await this.dataSource.query(
            `SELECT ${this.columns(query, plan)} FROM ${table} JOIN (SELECT ${q(ALIAS)}.${q('id')} AS ${q('page_id')} FROM ${table} WHERE ${where.text} ORDER BY ${order.text} LIMIT ? OFFSET ?) ${q('page')} ON ${q('page')}.${q('page_id')} = ${q(ALIAS)}.${q('id')} ORDER BY ${order.text}`,
            [...where.params, ...order.params, limit, offset, ...order.params],
          )
        : await this.dataSource.query(
            `SELECT ${this.columns(query, plan)} FROM ${table} WHERE ${where.text} ORDER BY ${order.text} LIMIT ? OFFSET ?`,
            [...where.params, ...order.params, limit, offset],
          );
    if (!withCount) return { rows: page };
    const [count] = await this.dataSource.query(
      `SELECT COUNT(*) AS total FROM ${q(type.tableName)} ${q(ALIAS)} WHERE ${where.text}`,
      [...where.params],
    );
    return { rows: page, total: Number(count.total) };
  }

  /** A page after a cursor: the sort's own columns and the id bound the range, no OFFSET, no count. */
  private async findAfterCursor(query: ContentQuery, plan: AccessPlan): Promise<Page> {
    const type = plan.root;
    if (query.pagination.kind !== 'cursor') throw new Error('not a cursor query');
    if (plan.rootAccess.condition === false) return { rows: [], nextCursor: null };
    const nested = query.sort.find((field) => field.path.length > 1);
    if (nested) {
      throw DomainError.validation('INVALID_CURSOR_SORT', 'Cursor pagination sorts by the type’s own fields', [
        { path: ['sort'], message: `cannot page by cursor through ${nested.path.join('.')}`, name: 'ValidationError' },
      ]);
    }
    const q = (identifier: string) => quote(this.dialect, identifier);
    const sortColumns = query.sort.map((field) => `${q(ALIAS)}.${q(columnOf(type, field.path[0]!))}`);
    const idColumn = `${q(ALIAS)}.${q('id')}`;
    const parts = [this.where(query, plan)];
    if (query.pagination.cursor)
      parts.push(afterCursor(sortColumns, query.sort, idColumn, decodeCursor(query.pagination.cursor, query.sort)));
    const where = joinSql(parts, ' AND ');
    const order = [
      ...query.sort.map((field, index) => `${sortColumns[index]} ${field.direction === 'desc' ? 'DESC' : 'ASC'}`),
      `${idColumn} ASC`,
    ];
    const keys = sortColumns.map((column, index) => `${column} AS ${q(`cursor_${index}`)}`);
    const limit = query.pagination.limit;
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${[this.columns(query, plan), ...keys].join(', ')} FROM ${q(type.tableName)} ${q(ALIAS)} WHERE ${where.text} ORDER BY ${order.join(', ')} LIMIT ?`,
      [...where.params, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor(query.sort, [
            ...query.sort.map((_, index) => cursorValue(last[`cursor_${index}`])),
            Number(last.id),
          ])
        : null;
    return { rows: page, nextCursor };
  }

  /** One document's row; `manager`: read inside that transaction (a write reading back). */
  async findOne(
    documentId: string,
    query: ContentQuery,
    plan: AccessPlan,
    manager: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<Row | undefined> {
    const type = plan.root;
    if (plan.rootAccess.condition === false) return undefined;
    const q = (identifier: string) => quote(this.dialect, identifier);
    const where = joinSql([sql(`${q(ALIAS)}.${q('document_id')} = ?`, [documentId]), this.where(query, plan)], ' AND ');
    const [row] = await manager.query(
      `SELECT ${this.columns(query, plan)} FROM ${q(type.tableName)} ${q(ALIAS)} WHERE ${where.text} LIMIT 1`,
      [...where.params],
    );
    return row;
  }

  private where(query: ContentQuery, plan: AccessPlan): Sql {
    const { root: type, rootAccess: access } = plan;
    const q = (identifier: string) => quote(this.dialect, identifier);
    const context = this.compileContext(query, plan);
    const parts = [
      sql(`${q(ALIAS)}.${q('is_published')} = ?`, [type.draftAndPublish && query.status === 'draft' ? 0 : 1]),
    ];
    if (query.locales && query.locales.length > 1) parts.push(this.firstLocale(type, query));
    else if (query.locale) parts.push(sql(`${q(ALIAS)}.${q('locale')} = ?`, [query.locale]));
    if (query.filter) parts.push(compileFilter(query.filter, type, ALIAS, context));
    // The caller's own row condition is the server's filter: trusted, compiled without the plan.
    if (access.condition)
      parts.push(compileFilter(access.condition, type, ALIAS, { ...context, conditionOf: undefined }));
    if (query.search) {
      const readable = (name: string) => access.fields === 'all' || access.fields.includes(name);
      parts.push(compileSearch(query.search, type, readable, ALIAS, context));
    }
    return joinSql(parts, ' AND ');
  }

  /**
   * With a locale fallback chain: of each document, the row of the first locale of the chain it
   * has (in the version read), whatever else the query asks of it.
   */
  private firstLocale(type: ContentType, query: ContentQuery): Sql {
    const q = (identifier: string) => quote(this.dialect, identifier);
    const chain = query.locales!;
    const rank = `CASE ${chain.map(() => `WHEN ${q('locale')} = ? THEN ?`).join(' ')} END`;
    const published = type.draftAndPublish && query.status === 'draft' ? 0 : 1;
    return sql(
      `${q(ALIAS)}.${q('id')} IN (SELECT ${q('id')} FROM (SELECT ${q('id')}, ROW_NUMBER() OVER (PARTITION BY ${q('document_id')} ORDER BY ${rank}) AS ${q('locale_rank')} FROM ${q(type.tableName)} WHERE ${q('is_published')} = ? AND ${q('locale')} IN (${chain.map(() => '?').join(', ')})) ${q('chosen')} WHERE ${q('locale_rank')} = 1)`,
      [...chain.flatMap((code, index) => [code, index]), published, ...chain],
    );
  }

  private columns(query: ContentQuery, plan: AccessPlan): string {
    const type = plan.root;
    const q = (identifier: string) => quote(this.dialect, identifier);
    const attributes = visibleAttributes(type, plan.rootAccess.fields, query.fields);
    // To-one references are always read: populate follows them without another lookup.
    const references = type.attributes.filter(
      (attribute) => isRelational(attribute) && attribute.mappedBy === undefined && !isToMany(attribute),
    );
    const columns = [
      ...SYSTEM,
      ...(type.localized ? ['locale'] : []),
      ...attributes.map(columnNameOf),
      ...references.map(columnNameOf),
    ];
    return columns.map((column) => `${q(ALIAS)}.${q(column)}`).join(', ');
  }

  compileContext(query: Pick<ContentQuery, 'status' | 'locale'>, plan: AccessPlan): CompileContext {
    return {
      dialect: this.dialect,
      typeOf: (singular) => this.registry.get(singular),
      status: query.status,
      conditionOf: (related) => plan.conditionOf(related),
      ...(query.locale !== undefined ? { locale: query.locale } : {}),
    };
  }
}

/** A sort value as a bound parameter compares it: dates in the stored UTC text form. */
function cursorValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return sqlTimestamp(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return String(value);
}

function window(query: ContentQuery): { limit: number; offset: number; withCount: boolean } {
  const pagination = query.pagination;
  switch (pagination.kind) {
    case 'page':
      return {
        limit: pagination.pageSize,
        offset: (pagination.page - 1) * pagination.pageSize,
        withCount: pagination.withCount,
      };
    case 'offset':
      return { limit: pagination.limit, offset: pagination.start, withCount: pagination.withCount };
    case 'cursor':
      return { limit: pagination.limit, offset: 0, withCount: false };
  }
}
