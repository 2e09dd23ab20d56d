import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, DomainError, isMysqlFamily, type AppConfig } from '@cms/core';
import {
  columnNameOf,
  componentsOf,
  hasColumn,
  isComposed,
  isRelational,
  isToMany,
  isUserRelation,
  SchemaRegistry,
  type Attribute,
  type ComposedAttribute,
  type ContentType,
} from '@cms/schema';
import type { DataSource } from 'typeorm';
import type { AccessPlan, ReadAccess } from '../access/access-plan';
import type { PopulateNode } from '../query/content-query';
import {
  serializeDocument,
  serializeEntry,
  visibleAttributes,
  type DocumentJson,
  type Row,
} from '../serialize/serialize-document';
import { compileFilter, quote, type CompileContext, type Dialect } from '../sql/compile-filter';
import { compileSort } from '../sql/compile-sort';
import { joinSql, sql, type Sql } from '../sql/sql';
import { relationStorage, type RelationStorage } from '../sql/storage';

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
    version: { readonly status: 'published' | 'draft'; readonly locale?: string },
    plan: AccessPlan,
  ): Promise<void> {
    const max = this.config.maxAnswerDocuments;
    await this.level(type, parents, nodes, version, plan, new AnswerBudget(max, max - parents.length), ['populate']);
  }

  private async level(
    type: ContentType,
    parents: readonly Loaded[],
    nodes: readonly PopulateNode[],
    version: { readonly status: 'published' | 'draft'; readonly locale?: string },
    plan: AccessPlan,
    budget: AnswerBudget,
    path: readonly string[],
  ): Promise<void> {
    if (parents.length === 0) return;
    for (const node of nodes) {
      const attribute = type.attributes.find((candidate) => candidate.name === node.attribute);
      if (isComposed(attribute)) {
        const read = { ...version, plan, budget, path: [...path, node.attribute] };
        await this.entries(type, attribute, parents, node, read);
        continue;
      }
      if (attribute && isUserRelation(attribute)) {
        await this.users(attribute, parents, plan);
        continue;
      }
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
      const storage = relationStorage(type, node.attribute, (name) => this.registry.get(name));
      const read = { ...version, plan, access, budget, path: at };
      if (node.count) {
        const counts = await this.count(type, target, node, parents, read);
        for (const parent of parents)
          parent.document[node.attribute] = { count: counts.get(parentKey(storage, parent.row)) ?? 0 };
        continue;
      }
      const children = await this.fetch(type, target, node, parents, read);
      const attributes = visibleAttributes(target, access.fields, node.fields);
      const loaded: Loaded[] = [];
      const byParent = new Map<string, Loaded[]>();
      for (const { key, row } of children) {
        const child = { row, document: serializeDocument(target, row, attributes) };
        loaded.push(child);
        append(byParent, key, child);
      }
      for (const parent of parents) {
        const related = (byParent.get(parentKey(storage, parent.row)) ?? []).map((child) => child.document);
        parent.document[node.attribute] = toMany ? related : (related[0] ?? null);
      }
      if (node.populate.length > 0)
        await this.level(target, loaded, node.populate, version, plan, budget, [...at, 'populate']);
    }
  }

  /** Related users, in one query, showing only what the plan allows of them (null for a caller who may not). */
  private async users(attribute: Attribute, parents: readonly Loaded[], plan: AccessPlan): Promise<void> {
    const column = columnNameOf(attribute);
    const access = plan.users();
    const ids = [
      ...new Set(parents.map((parent) => parent.row[column]).filter((id) => id !== null && id !== undefined)),
    ];
    const rows: Row[] =
      access && ids.length > 0
        ? await this.dataSource.query(
            `SELECT id, username FROM cms_users WHERE id IN (${ids.map(() => '?').join(', ')})`,
            ids,
          )
        : [];
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    const fields = access?.fields ?? [];
    for (const parent of parents) {
      const user = byId.get(Number(parent.row[column]));
      parent.document[attribute.name] = user
        ? Object.fromEntries(Object.entries(user).filter(([field]) => fields === 'all' || fields.includes(field)))
        : null;
    }
  }

  /**
   * A component's or dynamic zone's entries for every parent: one query per component table,
   * whatever the number of parents and entries; then each component's populates, one level down.
   */
  private async entries(
    type: ContentType,
    attribute: ComposedAttribute,
    parents: readonly Loaded[],
    node: PopulateNode,
    read: Omit<RelatedRead, 'access'>,
  ): Promise<void> {
    const q = (identifier: string) => quote(this.dialect, identifier);
    const owners = parents.map((parent) => Number(parent.row.id));
    const byOwner = new Map<number, { position: number; document: DocumentJson }[]>();
    const zone = attribute.type === 'dynamiczone';
    for (const uid of componentsOf(attribute)) {
      const component = this.registry.component(uid);
      if (!component) continue;
      const fragment = zone ? node.on?.[uid] : node;
      const rows: Row[] = await this.dataSource.query(
        `SELECT ${['id', 'owner_id', 'position', ...component.attributes.filter(hasColumn).map(columnNameOf)].map(q).join(', ')} FROM ${q(component.tableName)} WHERE ${q('owner_type')} = ? AND ${q('field')} = ? AND ${q('owner_id')} IN (${owners.map(() => '?').join(', ')}) ORDER BY ${q('owner_id')}, ${q('position')}`,
        [type.uid, attribute.name, ...owners],
      );
      const shown = visibleAttributes(component, node.allowed ?? 'all', fragment?.fields);
      const loaded = rows.map((row) => ({ row, document: serializeEntry(row, shown, zone ? uid : undefined) }));
      for (const entry of loaded) {
        const owner = Number(entry.row.owner_id);
        append(byOwner, owner, { position: Number(entry.row.position), document: entry.document });
      }
      if (fragment && fragment.populate.length > 0)
        await this.level(component, loaded, fragment.populate, read, read.plan, read.budget, [
          ...read.path,
          'populate',
        ]);
    }
    const list = zone || (attribute.type === 'component' && attribute.repeatable);
    for (const parent of parents) {
      const entries = (byOwner.get(Number(parent.row.id)) ?? [])
        .sort((a, b) => a.position - b.position)
        .map((entry) => entry.document);
      parent.document[attribute.name] = list ? entries : (entries[0] ?? null);
    }
  }

  /** The related rows of every parent, as one query: `populate_key` says whose each is. */
  private async fetch(
    type: ContentType,
    target: ContentType,
    node: PopulateNode,
    parents: readonly Loaded[],
    read: RelatedRead,
  ): Promise<{ key: string; row: Row }[]> {
    const related = this.relatedQuery(type, target, node, parents, read);
    if (!related) return [];
    const { q, key, from, where, orderBy } = related;
    const columns = [
      'id',
      'document_id',
      'created_at',
      'updated_at',
      'published_at',
      ...(target.localized ? ['locale'] : []),
      ...target.attributes.filter(hasColumn).map(columnNameOf),
    ]
      .map((column) => `${q('r')}.${q(column)}`)
      .join(', ');
    const select = `SELECT ${key} AS ${q('populate_key')}, ${columns} FROM ${from} WHERE ${where.text}`;
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
            `SELECT * FROM (SELECT ${key} AS ${q('populate_key')}, ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY ${orderBy.text}) AS ${q('populate_rank')}, ${columns} FROM ${from} WHERE ${where.text}) ${q('ranked')} WHERE ${q('populate_rank')} <= ? ORDER BY ${q('populate_key')}, ${q('populate_rank')} LIMIT ?`,
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

  /** `populate[x][count]=true`: how many related documents each parent has that the caller may see. */
  private async count(
    type: ContentType,
    target: ContentType,
    node: PopulateNode,
    parents: readonly Loaded[],
    read: RelatedRead,
  ): Promise<Map<string, number>> {
    const related = this.relatedQuery(type, target, node, parents, read);
    if (!related) return new Map();
    const { q, key, from, where } = related;
    const rows: { populate_key: unknown; total: unknown }[] = await this.dataSource.query(
      `SELECT ${key} AS ${q('populate_key')}, COUNT(*) AS ${q('total')} FROM ${from} WHERE ${where.text} GROUP BY ${key}`,
      [...where.params],
    );
    return new Map(rows.map((row) => [String(row.populate_key), Number(row.total)]));
  }

  /**
   * The related rows of the parents that a populate may show, as SQL: the version read, the
   * populate's own filter, the caller's row condition on the target; in the populate's order, then
   * the links' order, then the id. Undefined when no parent links anywhere.
   */
  private relatedQuery(
    type: ContentType,
    target: ContentType,
    node: PopulateNode,
    parents: readonly Loaded[],
    read: RelatedRead,
  ) {
    const q = (identifier: string) => quote(this.dialect, identifier);
    const storage = relationStorage(type, node.attribute, (name) => this.registry.get(name));
    const keys = [
      ...new Set(
        parents.map((parent) => parentKeyValue(storage, parent.row)).filter((key) => key !== null && key !== undefined),
      ),
    ];
    if (keys.length === 0) return undefined;
    const context: CompileContext = {
      dialect: this.dialect,
      typeOf: (name: string) => this.registry.get(name),
      status: read.status,
      conditionOf: (related) => read.plan.conditionOf(related),
      ...(read.locale !== undefined ? { locale: read.locale } : {}),
    };
    const conditions: Sql[] = [
      sql(`${q('r')}.${q('is_published')} = ?`, [target.draftAndPublish && read.status === 'draft' ? 0 : 1]),
    ];
    // A localized related document shows in the locale being read, as Strapi populates it.
    if (target.localized && read.locale !== undefined)
      conditions.push(sql(`${q('r')}.${q('locale')} = ?`, [read.locale]));
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
    const where = joinSql([sql(`${key} IN (${keys.map(() => '?').join(', ')})`, keys), ...conditions], ' AND ');
    return { q, key, from, where, orderBy: joinSql(order, ', ') };
  }
}

interface RelatedRead {
  readonly status: 'published' | 'draft';
  readonly locale?: string;
  readonly plan: AccessPlan;
  readonly access: ReadAccess;
  readonly budget: AnswerBudget;
  readonly path: readonly string[];
}

/** Adds to a key's list in place (copying the list on every row made a page quadratic). */
function append<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** What links a parent row to its related rows, by the relation's storage. */
function parentKeyValue(storage: RelationStorage, row: Row): unknown {
  return storage.kind === 'column' ? row[storage.column] : storage.kind === 'link' ? row.id : row.document_id;
}

function parentKey(storage: RelationStorage, row: Row): string {
  return String(parentKeyValue(storage, row) ?? '');
}
