import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, isMysqlFamily } from '@cms/core';
import {
  attributeType,
  columnNameOf,
  hasColumn,
  isComposed,
  linkTableOf,
  SchemaRegistry,
  sqlTimestamp,
  type Attribute,
  type ContentType,
} from '@cms/schema';
import type { DataSource, EntityManager } from 'typeorm';
import type { AccessPlan } from '../access/access-plan';
import { quote, type Dialect } from '../sql/compile-filter';
import { sql, type Sql } from '../sql/sql';

import type { Row } from '../serialize/serialize-document';
import type { CheckedInput, CheckedValue } from '../validate/validate-input';
import { newDocumentId } from './document-id';
import { fillUids } from './fill-uids';
import { linkOrder } from './link-order';
import { ComponentEntries } from './component-entries';
import { copyLinks, insertLinkRows, insertMany, linkAttributes, writeLinks } from './row-links';
import { shareValues, takeShared } from './shared-values';
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
  /** Of a localized type: the locale written. */
  readonly locale?: string;
  /** A new locale of this existing document (Strapi v5's PUT ?locale=), rather than a new document. */
  readonly documentId?: string;
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

  private readonly quote = (identifier: string) => this.q(identifier);

  private entriesStore?: ComponentEntries;

  /** The rows' component entries (made on first use: the dialect is known once the app runs). */
  private get entries(): ComponentEntries {
    this.entriesStore ??= new ComponentEntries({
      q: this.quote,
      componentOf: (uid) => this.registry.component(uid),
      returning: this.dataSource.options.type !== 'mysql',
    });
    return this.entriesStore;
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
    const documentId = options.documentId ?? newDocumentId();
    let stored: Row | undefined;
    const input = await this.resolve(manager, type, checked, options.plan);
    if (!options.documentId)
      await manager.query('INSERT INTO cms_documents (document_id, content_type) VALUES (?, ?)', [
        documentId,
        type.singularName,
      ]);
    const now = sqlTimestamp();
    const columns = await this.newRow(manager, type, documentId, input, now, options.userId, options.locale);
    // A new locale of a document starts with the values its locales share.
    if (options.documentId) await takeShared(manager, type, documentId, input, columns, (name) => this.q(name));
    const publish = type.draftAndPublish && options.publish;
    if (linkAttributes(type).length === 0 && !type.attributes.some(isComposed)) {
      // Without links or entries to copy, the draft and the published version go in one statement.
      const rows = await this.insertRows(manager, type, publish ? [columns, publishedCopy(columns, now)] : [columns]);
      stored = rows?.find((row) => Number(row.is_published) === (publish ? 1 : columns.get('is_published')));
    } else {
      await this.insertRows(manager, type, [columns]);
      const version = this.version(type, documentId, options.locale);
      const [row] = await manager.query(
        `SELECT id FROM ${this.q(type.tableName)} WHERE ${version.text} AND is_published = ?`,
        [...version.params, columns.get('is_published')],
      );
      await writeLinks(manager, type, Number(row.id), input, true, this.quote);
      await this.entries.write(manager, { type, id: Number(row.id) }, input, true);
      // A new document has no published version to replace.
      if (publish) await this.copyVersion(manager, type, version, 0, 1, true);
    }
    if (options.documentId)
      await shareValues(manager, type, documentId, options.locale, columns, (name) => this.q(name));
    this.known.remember(documentId, type.singularName);
    return { documentId, stored };
  }

  /**
   * Many new documents in multi-row statements (the bulk path of seed:demo, later of imports):
   * each entry keeps its documentId when it names one, and gets its links in one statement per
   * link table.
   */
  async createMany(
    manager: EntityManager,
    type: ContentType,
    entries: readonly { readonly documentId?: string; readonly input: CheckedInput }[],
    options: WriteOptions,
  ): Promise<string[]> {
    const now = sqlTimestamp();
    const publish = type.draftAndPublish && options.publish;
    const written: { documentId: string; input: CheckedInput<string>; columns: Map<string, unknown> }[] = [];
    for (const entry of entries) {
      const documentId = entry.documentId ?? newDocumentId();
      const input = await this.resolve(manager, type, entry.input, options.plan);
      written.push({
        documentId,
        input,
        columns: await this.newRow(manager, type, documentId, input, now, options.userId, options.locale),
      });
    }
    await insertMany(
      manager,
      'cms_documents',
      ['document_id', 'content_type'],
      written.map(({ documentId }) => [documentId, type.singularName]),
      this.quote,
    );
    const names = [...new Set(written.flatMap(({ columns }) => [...columns.keys()]))];
    const rows = written.flatMap(({ columns }) => (publish ? [columns, publishedCopy(columns, now)] : [columns]));
    await insertMany(
      manager,
      type.tableName,
      names,
      rows.map((row) => names.map((name) => row.get(name) ?? null)),
      this.quote,
    );
    const links = linkAttributes(type);
    if (links.length > 0 || type.attributes.some(isComposed)) {
      const ids: { id: number; document_id: string }[] = [];
      for (let start = 0; start < written.length; start += 1000) {
        const chunk = written.slice(start, start + 1000).map(({ documentId }) => documentId);
        ids.push(
          ...(await manager.query(
            `SELECT id, document_id FROM ${this.q(type.tableName)} WHERE document_id IN (${chunk.map(() => '?').join(', ')})`,
            chunk,
          )),
        );
      }
      const inputOf = new Map(written.map(({ documentId, input }) => [documentId, input]));
      for (const attribute of links) {
        const linkRows = ids.flatMap(({ id, document_id }): [number, string[]][] => {
          const value = inputOf.get(document_id)?.values.get(attribute.name);
          return value?.kind === 'toMany' ? [[Number(id), linkOrder(attribute.name, [], value)]] : [];
        });
        await insertLinkRows(manager, linkTableOf(type.tableName, attribute.name), linkRows, this.quote);
      }
      await this.entries.writeMany(
        manager,
        type,
        ids.map(({ id, document_id }) => ({ id: Number(id), input: inputOf.get(document_id)! })),
      );
    }
    for (const { documentId } of written) this.known.remember(documentId, type.singularName);
    return written.map(({ documentId }) => documentId);
  }

  /** The columns of a new document's first row (its draft, or its only row), defaults filled in. */
  private async newRow(
    manager: EntityManager,
    type: ContentType,
    documentId: string,
    input: CheckedInput<string>,
    now: string,
    userId: number | null,
    locale?: string,
  ): Promise<Map<string, unknown>> {
    const columns = new Map<string, unknown>([
      ['document_id', documentId],
      ...(type.localized ? [['locale', locale ?? ''] as [string, unknown]] : []),
      ['is_published', type.draftAndPublish ? 0 : 1],
      ['created_at', now],
      ['updated_at', now],
      ['published_at', type.draftAndPublish ? null : now],
      ['created_by_id', userId],
      ['updated_by_id', userId],
    ]);
    for (const attribute of type.attributes) {
      const value = input.values.get(attribute.name) ?? defaultOf(attribute);
      if (value?.kind === 'column') columns.set(columnNameOf(attribute), value.value);
      if (value?.kind === 'toOne') columns.set(columnNameOf(attribute), value.documentId);
    }
    await fillUids(manager, type, columns, undefined, (identifier) => this.q(identifier));
    return columns;
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
    const version = this.version(type, documentId, options.locale);
    const [row] = await manager.query(
      `SELECT id FROM ${this.q(type.tableName)} WHERE ${version.text} AND is_published = ?`,
      [...version.params, type.draftAndPublish ? 0 : 1],
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
    await fillUids(manager, type, columns, documentId, (identifier) => this.q(identifier));
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
    await writeLinks(manager, type, Number(row.id), input, false, this.quote);
    await this.entries.write(manager, { type, id: Number(row.id) }, input, false);
    await shareValues(manager, type, documentId, options.locale, columns, (name) => this.q(name));
    if (type.draftAndPublish && options.publish) await this.copyVersion(manager, type, version, 0, 1);
  }

  /**
   * Deletes the document: its rows and links go with it, through the foreign keys. Of a localized
   * type, only the locale named goes; the document goes with its last locale.
   */
  async delete(manager: EntityManager, type: ContentType, documentId: string, locale?: string): Promise<void> {
    await this.removeEntries(manager, type, this.version(type, documentId, locale));
    if (type.localized && locale !== undefined) {
      await manager.query(`DELETE FROM ${this.q(type.tableName)} WHERE document_id = ? AND locale = ?`, [
        documentId,
        locale,
      ]);
      const [left] = await manager.query(`SELECT 1 AS n FROM ${this.q(type.tableName)} WHERE document_id = ? LIMIT 1`, [
        documentId,
      ]);
      if (left) return;
    }
    this.known.forget(documentId);
    await manager.query('DELETE FROM cms_documents WHERE document_id = ? AND content_type = ?', [
      documentId,
      type.singularName,
    ]);
  }

  async publish(manager: EntityManager, type: ContentType, documentId: string, locale?: string): Promise<void> {
    await this.copyVersion(manager, type, this.version(type, documentId, locale), 0, 1);
  }

  async unpublish(manager: EntityManager, type: ContentType, documentId: string, locale?: string): Promise<void> {
    const version = this.version(type, documentId, locale);
    const published = sql(`${version.text} AND is_published = 1`, version.params);
    await this.removeEntries(manager, type, published);
    await manager.query(`DELETE FROM ${this.q(type.tableName)} WHERE ${published.text}`, [...published.params]);
  }

  /** The component entries of the rows a condition names, before the rows go. */
  private async removeEntries(manager: EntityManager, type: ContentType, rows: Sql): Promise<void> {
    if (!type.attributes.some(isComposed)) return;
    const ids: { id: number }[] = await manager.query(`SELECT id FROM ${this.q(type.tableName)} WHERE ${rows.text}`, [
      ...rows.params,
    ]);
    await this.entries.remove(
      manager,
      type,
      ids.map((row) => Number(row.id)),
    );
  }

  /** Replaces the draft by a copy of the published version. */
  async discardDraft(manager: EntityManager, type: ContentType, documentId: string, locale?: string): Promise<void> {
    const version = this.version(type, documentId, locale);
    const [published] = await manager.query(
      `SELECT id FROM ${this.q(type.tableName)} WHERE ${version.text} AND is_published = 1`,
      [...version.params],
    );
    if (!published) throw DomainError.notFound('This document has no published version to go back to');
    await this.copyVersion(manager, type, version, 1, 0);
  }

  /** The rows of one document's versions: of a localized type, in one locale. */
  private version(type: ContentType, documentId: string, locale: string | undefined): Sql {
    return type.localized && locale !== undefined
      ? sql('document_id = ? AND locale = ?', [documentId, locale])
      : sql('document_id = ?', [documentId]);
  }

  /**
   * Copies one version's row and links over the other version (replacing it, unless `fresh`: a
   * document created in this transaction has no other version yet).
   */
  private async copyVersion(
    manager: EntityManager,
    type: ContentType,
    version: Sql,
    from: 0 | 1,
    to: 0 | 1,
    fresh = false,
  ): Promise<void> {
    const table = this.q(type.tableName);
    if (!fresh) {
      const replaced = sql(`${version.text} AND is_published = ?`, [...version.params, to]);
      await this.removeEntries(manager, type, replaced);
      await manager.query(`DELETE FROM ${table} WHERE ${replaced.text}`, [...replaced.params]);
    }
    const columns = [
      'document_id',
      'created_at',
      'updated_at',
      'created_by_id',
      'updated_by_id',
      ...(type.localized ? ['locale'] : []),
    ];
    columns.push(...type.attributes.filter(hasColumn).map(columnNameOf));
    const list = columns.map((column) => this.q(column)).join(', ');
    const publishedAt = to === 1 ? sqlTimestamp() : null;
    await manager.query(
      `INSERT INTO ${table} (${list}, is_published, published_at) SELECT ${list}, ?, ? FROM ${table} WHERE ${version.text} AND is_published = ?`,
      [to, publishedAt, ...version.params, from],
    );
    if (linkAttributes(type).length === 0 && !type.attributes.some(isComposed)) return;
    const rows: { id: number; is_published: number | boolean }[] = await manager.query(
      `SELECT id, is_published FROM ${table} WHERE ${version.text}`,
      [...version.params],
    );
    const source = rows.find((row) => Number(row.is_published) === from);
    const target = rows.find((row) => Number(row.is_published) === to);
    if (!source || !target) throw DomainError.notFound();
    await copyLinks(manager, type, Number(source.id), Number(target.id), this.quote);
    await this.entries.copy(manager, type, Number(source.id), Number(target.id));
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
}

/** An attribute's default as its column stores it, when the write leaves it out. */
function defaultOf(attribute: Attribute): CheckedValue | undefined {
  const value = attributeType(attribute).storedDefault(attribute);
  return value === undefined ? undefined : { kind: 'column', value };
}

/** The published version of a new row: the same values, published now. */
function publishedCopy(columns: Map<string, unknown>, now: string): Map<string, unknown> {
  return new Map([...columns, ['is_published', 1], ['published_at', now]]);
}
