import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isMysqlFamily } from '@cms/core';
import { columnNameOf, isRelational, isToMany, SchemaRegistry, type ContentType } from '@cms/schema';
import type { DataSource } from 'typeorm';
import type { PopulateNode } from '../query/content-query';
import { serializeDocument, visibleAttributes, type DocumentJson, type Row } from '../serialize/serialize-document';
import { compileFilter, quote, type Dialect } from '../sql/compile-filter';
import { joinSql, sql, type Sql } from '../sql/sql';
import { columnOf, relationStorage } from '../sql/storage';
import type { ReadAccess } from './document-reader.service';

/** A fetched row with the document it becomes, so nested populates can fill it in. */
export interface Loaded {
  readonly row: Row;
  readonly document: DocumentJson;
}

/** Decides, per populated type, what the caller may read of it (its `find` permission). */
export type AccessOf = (type: ContentType) => Promise<ReadAccess | undefined>;

/**
 * Fills populated relations in one batched query per relation and level, never one per row:
 * `IN (...)` on the parents' document ids (or row ids, for link tables), and the related
 * documents of the version being read. A type the caller may not `find` stays unpopulated.
 */
@Injectable()
export class DocumentPopulator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchemaRegistry,
  ) {}

  private get dialect(): Dialect {
    return isMysqlFamily(this.dataSource.options) ? 'mysql' : 'sqlite';
  }

  async populate(
    type: ContentType,
    parents: readonly Loaded[],
    nodes: readonly PopulateNode[],
    status: 'published' | 'draft',
    accessOf: AccessOf,
  ): Promise<void> {
    if (parents.length === 0) return;
    for (const node of nodes) {
      const attribute = type.attributes.find((candidate) => candidate.name === node.attribute);
      if (!isRelational(attribute)) continue;
      const target = this.registry.get(attribute.target);
      if (!target) continue;
      const toMany = isToMany(attribute);
      const access = await accessOf(target);
      if (!access || access.condition === false) {
        for (const parent of parents) parent.document[node.attribute] = toMany ? [] : null;
        continue;
      }
      const children = await this.fetch(type, target, node, parents, status, access);
      const attributes = visibleAttributes(target, access.fields, node.fields);
      const loaded: Loaded[] = [];
      const byParent = new Map<string, Loaded[]>();
      for (const { key, row } of children) {
        const child = { row, document: serializeDocument(target, row, attributes) };
        loaded.push(child);
        byParent.set(key, [...(byParent.get(key) ?? []), child]);
      }
      const storage = relationStorage(type, node.attribute, (name) => this.registry.get(name));
      for (const parent of parents) {
        const key =
          storage.kind === 'column'
            ? String(parent.row[storage.column] ?? '')
            : storage.kind === 'link'
              ? String(parent.row.id)
              : String(parent.row.document_id);
        const related = (byParent.get(key) ?? []).map((child) => child.document);
        parent.document[node.attribute] = toMany ? related : (related[0] ?? null);
      }
      if (node.populate.length > 0) await this.populate(target, loaded, node.populate, status, accessOf);
    }
  }

  private async fetch(
    type: ContentType,
    target: ContentType,
    node: PopulateNode,
    parents: readonly Loaded[],
    status: 'published' | 'draft',
    access: ReadAccess,
  ): Promise<{ key: string; row: Row }[]> {
    const q = (identifier: string) => quote(this.dialect, identifier);
    const storage = relationStorage(type, node.attribute, (name) => this.registry.get(name));
    const keys = [
      ...new Set(
        parents
          .map((parent) =>
            storage.kind === 'column'
              ? parent.row[storage.column]
              : storage.kind === 'link'
                ? parent.row.id
                : parent.row.document_id,
          )
          .filter((key) => key !== null && key !== undefined),
      ),
    ];
    if (keys.length === 0) return [];
    const placeholders = keys.map(() => '?').join(', ');
    const columns = [
      'id',
      'document_id',
      'created_at',
      'updated_at',
      'published_at',
      ...(target.localized ? ['locale'] : []),
      ...target.attributes.flatMap((attribute) =>
        isRelational(attribute) && (attribute.mappedBy !== undefined || isToMany(attribute))
          ? []
          : [columnNameOf(attribute)],
      ),
    ].map((column) => `${q('r')}.${q(column)}`);
    const context = { dialect: this.dialect, typeOf: (name: string) => this.registry.get(name), status };
    const conditions: Sql[] = [
      sql(`${q('r')}.${q('is_published')} = ?`, [target.draftAndPublish && status === 'draft' ? 0 : 1]),
    ];
    if (node.filter) conditions.push(compileFilter(node.filter, target, 'r', context));
    if (access.condition) conditions.push(compileFilter(access.condition, target, 'r', context));
    const order = [
      ...node.sort.map(
        (field) => `${q('r')}.${q(columnOf(target, field.path[0]!))} ${field.direction === 'desc' ? 'DESC' : 'ASC'}`,
      ),
    ];
    let from: string;
    let key: string;
    switch (storage.kind) {
      case 'column':
        from = `${q(target.tableName)} ${q('r')}`;
        key = `${q('r')}.${q('document_id')}`;
        break;
      case 'inverse-column':
        from = `${q(target.tableName)} ${q('r')}`;
        key = `${q('r')}.${q(storage.column)}`;
        break;
      case 'link':
        from = `${q(storage.table)} ${q('l')} JOIN ${q(target.tableName)} ${q('r')} ON ${q('r')}.${q('document_id')} = ${q('l')}.${q('target_document_id')}`;
        key = `${q('l')}.${q('row_id')}`;
        order.push(`${q('l')}.${q('position')} ASC`);
        break;
      case 'inverse-link':
        from = `${q(storage.table)} ${q('l')} JOIN ${q(target.tableName)} ${q('r')} ON ${q('r')}.${q('id')} = ${q('l')}.${q('row_id')}`;
        key = `${q('l')}.${q('target_document_id')}`;
        break;
    }
    order.push(`${q('r')}.${q('id')} ASC`);
    const where = joinSql([sql(`${key} IN (${placeholders})`, keys), ...conditions], ' AND ');
    const rows: (Row & { populate_key: unknown })[] = await this.dataSource.query(
      `SELECT ${key} AS ${q('populate_key')}, ${columns.join(', ')} FROM ${from} WHERE ${where.text} ORDER BY ${order.join(', ')}`,
      [...where.params],
    );
    return rows.map((row) => ({ key: String(row.populate_key), row }));
  }
}
