import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, isMysqlFamily } from '@cms/core';
import {
  attributeType,
  columnNameOf,
  isRelational,
  isToMany,
  linkTableOf,
  SchemaRegistry,
  sqlTimestamp,
  type Attribute,
  type ContentType,
} from '@cms/schema';
import type { DataSource, EntityManager } from 'typeorm';
import type { AccessPlan } from '../access/access-plan';
import { quote, type Dialect } from '../sql/compile-filter';

import type { Row } from '../serialize/serialize-document';
import type { CheckedInput, CheckedValue } from '../validate/validate-input';
import { newDocumentId } from './document-id';
import { KnownDocuments } from './known-documents';
import { resolveTargets } from './resolve-targets';

/** A new document, and its row as stored when the database returned it (INSERT ... RETURNING). */
export interface CreatedDocument {
  readonly documentId: string;
  /** The version a reader of the write is answered with: the published one when published. */
  readonly stored?: Row;
}

export interface WriteOptions {
  /** Also publish (draft and publish types); otherwise only the draft is written. */
  readonly publish: boolean;
  readonly userId: number | null;
  /** What the writer may link to: a document the caller may not see is as missing as one that is not. */
  readonly plan: AccessPlan;
}

/**
 * Writes documents inside the caller's transaction (the command service's): the draft row (and,
 * when publishing, the published copy of it), its to-one references and its links. Uniqueness is
 * the unique indexes' to decide; link rows go in one statement each, in key order, so concurrent
 * writers take their locks in the same order.
 */
@Injectable()
export class DocumentWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchemaRegistry,
    private readonly known: KnownDocuments,
  ) {}

  private get dialect(): Dialect {
    return isMysqlFamily(this.dataSource.options) ? 'mysql' : 'sqlite';
  }

  private q(identifier: string): string {
    return quote(this.dialect, identifier);
  }

  private resolve(
    manager: EntityManager,
    type: ContentType,
    input: CheckedInput,
    plan: AccessPlan,
  ): Promise<CheckedInput<string>> {
    return resolveTargets(manager, type, input, {
      typeOf: (name) => this.registry.get(name),
      plan,
      known: this.known,
      dialect: this.dialect,
    });
  }

  async create(
    manager: EntityManager,
    type: ContentType,
    checked: CheckedInput,
    options: WriteOptions,
  ): Promise<CreatedDocument> {
    const documentId = newDocumentId();
    let stored: Row | undefined;
    const input = await this.resolve(manager, type, checked, options.plan);
    await manager.query('INSERT INTO cms_documents (document_id, content_type) VALUES (?, ?)', [
      documentId,
      type.singularName,
    ]);
    const now = sqlTimestamp();
    const columns = new Map<string, unknown>([
      ['document_id', documentId],
      ['is_published', type.draftAndPublish ? 0 : 1],
      ['created_at', now],
      ['updated_at', now],
      ['published_at', type.draftAndPublish ? null : now],
      ['created_by_id', options.userId],
      ['updated_by_id', options.userId],
    ]);
    for (const attribute of type.attributes) {
      const value = input.values.get(attribute.name) ?? defaultOf(attribute);
      if (value?.kind === 'column') columns.set(columnNameOf(attribute), value.value);
      if (value?.kind === 'toOne') columns.set(columnNameOf(attribute), value.documentId);
    }
    await this.fillUids(manager, type, columns, undefined);
    const publish = type.draftAndPublish && options.publish;
    if (linkAttributes(type).length === 0) {
      // Without links to copy, the draft and the published version go in one statement.
      const published = new Map([...columns, ['is_published', 1], ['published_at', now]]);
      const rows = await this.insertRows(manager, type, publish ? [columns, published] : [columns]);
      stored = rows?.find((row) => Number(row.is_published) === (publish ? 1 : columns.get('is_published')));
    } else {
      await this.insertRows(manager, type, [columns]);
      const [row] = await manager.query(
        `SELECT id FROM ${this.q(type.tableName)} WHERE document_id = ? AND is_published = ?`,
        [documentId, columns.get('is_published')],
      );
      await this.writeLinks(manager, type, Number(row.id), input, true);
      // A new document has no published version to replace.
      if (publish) await this.copyVersion(manager, type, documentId, 0, 1, true);
    }
    this.known.remember(documentId, type.singularName);
    return { documentId, stored };
  }

  /** Changes the draft (the only row without draft and publish); publishes it when asked. */
  async update(
    manager: EntityManager,
    type: ContentType,
    documentId: string,
    checked: CheckedInput,
    options: WriteOptions,
  ): Promise<void> {
    const input = await this.resolve(manager, type, checked, options.plan);
    const [row] = await manager.query(
      `SELECT id FROM ${this.q(type.tableName)} WHERE document_id = ? AND is_published = ?`,
      [documentId, type.draftAndPublish ? 0 : 1],
    );
    if (!row) throw DomainError.notFound();
    const columns = new Map<string, unknown>([
      ['updated_at', sqlTimestamp()],
      ['updated_by_id', options.userId],
    ]);
    for (const [name, value] of input.values) {
      const attribute = type.attributes.find((candidate) => candidate.name === name)!;
      if (value.kind === 'column') columns.set(columnNameOf(attribute), value.value);
      if (value.kind === 'toOne') columns.set(columnNameOf(attribute), value.documentId);
    }
    await this.fillUids(manager, type, columns, documentId);
    const assignments = [...columns.keys()].map((column) => `${this.q(column)} = ?`).join(', ');
    await manager.query(`UPDATE ${this.q(type.tableName)} SET ${assignments} WHERE id = ?`, [
      ...columns.values(),
      row.id,
    ]);
    if (!type.draftAndPublish)
      await manager.query(
        `UPDATE ${this.q(type.tableName)} SET published_at = COALESCE(published_at, ?) WHERE id = ?`,
        [sqlTimestamp(), row.id],
      );
    await this.writeLinks(manager, type, Number(row.id), input, false);
    if (type.draftAndPublish && options.publish) await this.copyDraftToPublished(manager, type, documentId);
  }

  /** Deletes the document: its rows and links go with it, through the foreign keys. */
  async delete(manager: EntityManager, type: ContentType, documentId: string): Promise<void> {
    this.known.forget(documentId);
    await manager.query('DELETE FROM cms_documents WHERE document_id = ? AND content_type = ?', [
      documentId,
      type.singularName,
    ]);
  }

  async publish(manager: EntityManager, type: ContentType, documentId: string): Promise<void> {
    await this.copyDraftToPublished(manager, type, documentId);
  }

  async unpublish(manager: EntityManager, type: ContentType, documentId: string): Promise<void> {
    await manager.query(`DELETE FROM ${this.q(type.tableName)} WHERE document_id = ? AND is_published = 1`, [
      documentId,
    ]);
  }

  /** Replaces the draft by a copy of the published version. */
  async discardDraft(manager: EntityManager, type: ContentType, documentId: string): Promise<void> {
    const [published] = await manager.query(
      `SELECT id FROM ${this.q(type.tableName)} WHERE document_id = ? AND is_published = 1`,
      [documentId],
    );
    if (!published) throw DomainError.notFound('This document has no published version to go back to');
    await this.copyVersion(manager, type, documentId, 1, 0);
  }

  private async copyDraftToPublished(manager: EntityManager, type: ContentType, documentId: string): Promise<void> {
    await this.copyVersion(manager, type, documentId, 0, 1);
  }

  /**
   * Copies one version's row and links over the other version (replacing it, unless `fresh`: a
   * document created in this transaction has no other version yet).
   */
  private async copyVersion(
    manager: EntityManager,
    type: ContentType,
    documentId: string,
    from: 0 | 1,
    to: 0 | 1,
    fresh = false,
  ): Promise<void> {
    const table = this.q(type.tableName);
    if (!fresh)
      await manager.query(`DELETE FROM ${table} WHERE document_id = ? AND is_published = ?`, [documentId, to]);
    const columns = [
      'document_id',
      'created_at',
      'updated_at',
      'created_by_id',
      'updated_by_id',
      ...(type.localized ? ['locale'] : []),
    ];
    for (const attribute of type.attributes) {
      if (isRelational(attribute) && (attribute.mappedBy !== undefined || isToMany(attribute))) continue;
      columns.push(columnNameOf(attribute));
    }
    const list = columns.map((column) => this.q(column)).join(', ');
    const publishedAt = to === 1 ? sqlTimestamp() : null;
    await manager.query(
      `INSERT INTO ${table} (${list}, is_published, published_at) SELECT ${list}, ?, ? FROM ${table} WHERE document_id = ? AND is_published = ?`,
      [to, publishedAt, documentId, from],
    );
    const links = linkAttributes(type);
    if (links.length === 0) return;
    const rows: { id: number; is_published: number | boolean }[] = await manager.query(
      `SELECT id, is_published FROM ${table} WHERE document_id = ?`,
      [documentId],
    );
    const source = rows.find((row) => Number(row.is_published) === from);
    const target = rows.find((row) => Number(row.is_published) === to);
    if (!source || !target) throw DomainError.notFound();
    for (const attribute of links) {
      const link = linkTableOf(type.tableName, attribute.name);
      const targets: { target_document_id: string }[] = await manager.query(
        `SELECT target_document_id FROM ${this.q(link)} WHERE row_id = ? ORDER BY position`,
        [source.id],
      );
      await this.insertLinks(
        manager,
        link,
        Number(target.id),
        targets.map((row) => row.target_document_id),
      );
    }
  }

  /**
   * A row's links in one statement, in key order (the positions keep the order they were given):
   * concurrent writers then lock the same rows in the same order and do not deadlock.
   */
  private async insertLinks(manager: EntityManager, link: string, rowId: number, targets: readonly string[]) {
    if (targets.length === 0) return;
    const ordered = targets.map((target, position) => ({ target, position })).sort(byTarget);
    await manager.query(
      `INSERT INTO ${this.q(link)} (row_id, target_document_id, position) VALUES ${ordered.map(() => '(?, ?, ?)').join(', ')}`,
      ordered.flatMap(({ target, position }) => [rowId, target, position]),
    );
  }

  /**
   * Rows of the same columns, in one INSERT. Where the database can say what it stored
   * (`RETURNING`: SQLite, MariaDB 10.5+; not MySQL), the rows come back, sparing a read.
   */
  private async insertRows(
    manager: EntityManager,
    type: ContentType,
    rows: Map<string, unknown>[],
  ): Promise<Row[] | undefined> {
    const names = [...rows[0]!.keys()];
    const tuple = `(${names.map(() => '?').join(', ')})`;
    const returning = this.dataSource.options.type === 'mysql' ? '' : ' RETURNING *';
    const result: unknown = await manager.query(
      `INSERT INTO ${this.q(type.tableName)} (${names.map((column) => this.q(column)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}${returning}`,
      rows.flatMap((row) => names.map((name) => row.get(name))),
    );
    return returning && Array.isArray(result) ? (result as Row[]) : undefined;
  }

  private async writeLinks(
    manager: EntityManager,
    type: ContentType,
    rowId: number,
    input: CheckedInput<string>,
    fresh: boolean,
  ): Promise<void> {
    for (const attribute of linkAttributes(type)) {
      const value = input.values.get(attribute.name);
      if (value?.kind !== 'toMany') continue;
      const link = linkTableOf(type.tableName, attribute.name);
      // A new row has no links yet: nothing to read or delete (a DELETE of nothing would still
      // lock the gap it looked at, which is where concurrent creates deadlocked).
      const existing: { target_document_id: string }[] = fresh
        ? []
        : await manager.query(`SELECT target_document_id FROM ${this.q(link)} WHERE row_id = ? ORDER BY position`, [
            rowId,
          ]);
      let targets = value.set ? [...value.set] : existing.map((row) => row.target_document_id);
      targets = [
        ...targets.filter((id) => !value.disconnect.includes(id)),
        ...value.connect.filter((id) => !targets.includes(id)),
      ];
      targets = [...new Set(targets)];
      if (!fresh) await manager.query(`DELETE FROM ${this.q(link)} WHERE row_id = ?`, [rowId]);
      await this.insertLinks(manager, link, rowId, targets);
    }
  }

  /** A uid left empty is made from its target field, and kept unique with a number suffix. */
  private async fillUids(
    manager: EntityManager,
    type: ContentType,
    columns: Map<string, unknown>,
    documentId: string | undefined,
  ): Promise<void> {
    for (const attribute of type.attributes) {
      if (attribute.type !== 'uid' || !attribute.targetField) continue;
      const column = columnNameOf(attribute);
      const given = columns.get(column);
      if (given !== undefined && given !== null && given !== '') continue;
      const source = columns.get(
        columnNameOf(type.attributes.find((candidate) => candidate.name === attribute.targetField)!),
      );
      if (typeof source !== 'string' || (documentId !== undefined && !columns.has(column) && given === undefined))
        continue;
      const base = slugify(source) || 'entry';
      const taken: { value: string }[] = await manager.query(
        `SELECT ${this.q(column)} AS value FROM ${this.q(type.tableName)} WHERE (${this.q(column)} = ? OR ${this.q(column)} LIKE ?)${documentId ? ' AND document_id <> ?' : ''}`,
        [base, `${base}-%`, ...(documentId ? [documentId] : [])],
      );
      const used = new Set(taken.map((row) => row.value.toLowerCase()));
      let candidate = base;
      for (let suffix = 1; used.has(candidate); suffix += 1) candidate = `${base}-${suffix}`;
      columns.set(column, candidate);
    }
  }
}

/** An attribute's default as its column stores it, when the write leaves it out. */
function defaultOf(attribute: Attribute): CheckedValue | undefined {
  const value = attributeType(attribute).storedDefault(attribute);
  return value === undefined ? undefined : { kind: 'column', value };
}

function byTarget(a: { target: string }, b: { target: string }): number {
  return a.target < b.target ? -1 : a.target > b.target ? 1 : 0;
}

function linkAttributes(type: ContentType): Attribute[] {
  return type.attributes.filter(
    (attribute) => isRelational(attribute) && attribute.mappedBy === undefined && isToMany(attribute),
  );
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
}

/** A duplicate on a unique index, as a 409 that names the attribute. */
export function uniqueConflict(type: ContentType, error: unknown): DomainError {
  const text = String((error as { message?: string }).message ?? '');
  const attribute = type.attributes.find((candidate) => {
    const column = columnNameOf(candidate);
    return (
      text.includes(`uq_${type.tableName}_${column}_`) ||
      text.includes(`${type.tableName}.${column},`) ||
      text.includes(`${type.tableName}.${column}`)
    );
  });
  const path = attribute ? ['data', attribute.name] : ['data'];
  return DomainError.conflict('UNIQUE_VALUE_TAKEN', 'This value is already taken', {
    errors: [{ path, message: 'must be unique', name: 'ConflictError' }],
  });
}
