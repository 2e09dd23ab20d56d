import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, DomainError, isMysqlFamily, type AppConfig } from '@cms/core';
import { columnNameOf, isRelational, isToMany, SchemaRegistry, type ContentType } from '@cms/schema';
import type { DataSource } from 'typeorm';
import type { AccessPlan, ReadAccess } from '../access/access-plan';
import type { PopulateNode } from '../query/content-query';
import { serializeDocument, visibleAttributes, type DocumentJson, type Row } from '../serialize/serialize-document';
import { compileFilter, quote, type CompileContext, type Dialect } from '../sql/compile-filter';
import { compileSort } from '../sql/compile-sort';
import { joinSql, sql, type Sql } from '../sql/sql';
import { relationStorage } from '../sql/storage';

/** A fetched row with the document it becomes, so nested populates can fill it in. */
export interface Loaded {
  readonly row: Row;
  readonly document: DocumentJson;
}

/** How many more documents one answer may hold: shared by every populate level of it. */
class AnswerBudget {
  constructor(
    readonly max: number,
    public remaining: number,
  ) {}
}

/**
 * Fills populated relations in one batched query per relation and level, never one per row:
 * `IN (...)` on the parents' document ids (or row ids, for link tables), and the related
 * documents of the version being read, under what the plan lets the caller read of their type.
 * A type the caller may not `find` stays unpopulated. Every level reads at most what is left of
 * the answer's budget (plus one, to know it is exceeded), so an answer too large is refused
 * before it is built.
 */
@Injectable()
export class DocumentPopulator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchemaRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get dialect(): Dialect {
    return isMysqlFamily(this.dataSource.options) ? 'mysql' : 'sqlite';
  }

  async populate(
    type: ContentType,
    parents: readonly Loaded[],
    nodes: readonly PopulateNode[],
    status: 'published' | 'draft',
    plan: AccessPlan,
  ): Promise<void> {
    const max = this.config.maxAnswerDocuments;
    await this.level(type, parents, nodes, status, plan, new AnswerBudget(max, max - parents.length), ['populate']);
  }

  private async level(
    type: ContentType,
    parents: readonly Loaded[],
    nodes: readonly PopulateNode[],
    status: 'published' | 'draft',
    plan: AccessPlan,
    budget: AnswerBudget,
    path: readonly string[],
  ): Promise<void> {
    if (parents.length === 0) return;
    for (const node of nodes) {
      const attribute = type.attributes.find((candidate) => candidate.name === node.attribute);
      if (!isRelational(attribute)) continue;
      const target = this.registry.get(attribute.target);
      if (!target) continue;
      const toMany = isToMany(attribute);
      const access = plan.reach(target);
      if (!access || access.condition === false) {
        for (const parent of parents) parent.document[node.attribute] = toMany ? [] : null;
        continue;
      }
      const at = [...path, node.attribute];
      const children = await this.fetch(type, target, node, parents, { status, plan, access, budget, path: at });
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
      if (node.populate.length > 0)
        await this.level(target, loaded, node.populate, status, plan, budget, [...at, 'populate']);
    }
  }

  private async fetch(
    type: ContentType,
    target: ContentType,
    node: PopulateNode,
    parents: readonly Loaded[],
    read: {
      status: 'published' | 'draft';
      plan: AccessPlan;
      access: ReadAccess;
      budget: AnswerBudget;
      path: readonly string[];
    },
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
    const context: CompileContext = {
      dialect: this.dialect,
      typeOf: (name: string) => this.registry.get(name),
      status: read.status,
      conditionOf: (related) => read.plan.conditionOf(related),
    };
    const conditions: Sql[] = [
      sql(`${q('r')}.${q('is_published')} = ?`, [target.draftAndPublish && read.status === 'draft' ? 0 : 1]),
    ];
    if (node.filter) conditions.push(compileFilter(node.filter, target, 'r', context));
    if (read.access.condition)
      conditions.push(compileFilter(read.access.condition, target, 'r', { ...context, conditionOf: undefined }));
    const order: Sql[] = node.sort.map((field) => compileSort(field, target, 'r', context));
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
        order.push(sql(`${q('l')}.${q('position')} ASC`));
        break;
      case 'inverse-link':
        from = `${q(storage.table)} ${q('l')} JOIN ${q(target.tableName)} ${q('r')} ON ${q('r')}.${q('id')} = ${q('l')}.${q('row_id')}`;
        key = `${q('l')}.${q('target_document_id')}`;
        break;
    }
    order.push(sql(`${q('r')}.${q('id')} ASC`));
    const where = joinSql([sql(`${key} IN (${placeholders})`, keys), ...conditions], ' AND ');
    const orderBy = joinSql(order, ', ');
    const select = `SELECT ${key} AS ${q('populate_key')}, ${columns.join(', ')} FROM ${from} WHERE ${where.text}`;
    // One more than the budget allows: enough to know it is exceeded, never the whole excess.
    const cap = read.budget.remaining + 1;
    const rows: (Row & { populate_key: unknown })[] =
      node.limit === undefined
        ? await this.dataSource.query(`${select} ORDER BY ${orderBy.text} LIMIT ?`, [
            ...where.params,
            ...orderBy.params,
            cap,
          ])
        : await this.dataSource.query(
            `SELECT * FROM (SELECT ${key} AS ${q('populate_key')}, ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY ${orderBy.text}) AS ${q('populate_rank')}, ${columns.join(', ')} FROM ${from} WHERE ${where.text}) ${q('ranked')} WHERE ${q('populate_rank')} <= ? ORDER BY ${q('populate_key')}, ${q('populate_rank')} LIMIT ?`,
            [...orderBy.params, ...where.params, node.limit, cap],
          );
    if (rows.length > read.budget.remaining) {
      throw DomainError.validation(
        'ANSWER_TOO_LARGE',
        `An answer holds at most ${read.budget.max} documents: populate less, or limit to-many populates with [limit]`,
        [
          {
            path: read.path,
            message: `would exceed ${read.budget.max} documents in one answer`,
            name: 'ValidationError',
          },
        ],
      );
    }
    read.budget.remaining -= rows.length;
    return rows.map((row) => ({ key: String(row.populate_key), row }));
  }
}
