import { DomainError } from '@cms/core';
import {
  attributeType,
  columnNameOf,
  componentsOf,
  hasColumn,
  isComposed,
  type ComposedAttribute,
  type ContentType,
} from '@cms/schema';
import type { EntityManager } from 'typeorm';
import type { CheckedEntry, CheckedInput, CheckedValue } from '../validate/validate-input';
import { copyLinks, insertMany, linkAttributes, writeLinks, type Quote } from './row-links';

export interface EntriesContext {
  readonly q: Quote;
  readonly componentOf: (uid: string) => ContentType | undefined;
  /** The database answers INSERT ... RETURNING (SQLite, MariaDB; not MySQL). */
  readonly returning: boolean;
}

interface Owner {
  readonly type: ContentType;
  readonly id: number;
}

interface StoredEntry {
  readonly id: number;
  readonly component: ContentType;
}

/**
 * The component entries of rows: each entry is a row of its component's table, owned by one row
 * (`owner_type`, `owner_id`) under one attribute (`field`) at its `position`. A write replaces an
 * attribute's entries: an entry naming the `id` of one of the row's entries keeps (and updates)
 * it, the others are removed, new ones inserted; nested entries the same, one level down. All of it
 * runs in the caller's transaction, so entries come and go with their owner.
 */
export class ComponentEntries {
  constructor(private readonly context: EntriesContext) {}

  /** Writes the entries the input carries for a row (`fresh`: it was just made, it has none). */
  async write(
    manager: EntityManager,
    owner: Owner,
    input: CheckedInput<string>,
    fresh: boolean,
    at: readonly (string | number)[] = ['data'],
  ): Promise<void> {
    for (const attribute of owner.type.attributes) {
      if (!isComposed(attribute)) continue;
      const value = input.values.get(attribute.name);
      if (value?.kind !== 'components') continue;
      const existing = fresh ? [] : await this.entriesOf(manager, owner.type, attribute, [owner.id]);
      const kept = new Set<number>();
      for (const [position, entry] of value.entries.entries()) {
        const path = [...at, attribute.name, ...(isList(attribute) ? [position] : [])];
        const stored = entry.id === undefined ? undefined : existing.find((candidate) => isSame(candidate, entry));
        if (entry.id !== undefined && !stored)
          throw DomainError.invalid('INVALID_DATA', [
            { path: [...path, 'id'], message: `is not an entry of this ${attribute.name}`, name: 'ValidationError' },
          ]);
        if (stored) {
          kept.add(stored.id);
          await this.update(manager, stored, entry, position, path);
        } else await this.insert(manager, owner, attribute.name, entry, position, path);
      }
      const removed = existing.filter((entry) => !kept.has(entry.id));
      await this.removeEntries(manager, removed);
    }
  }

  /**
   * The entries of many new rows of one type (the bulk path): entries of a flat component (no
   * links, no components inside) in one multi-row INSERT per component table; others one by one,
   * since what they hold needs their ids.
   */
  async writeMany(
    manager: EntityManager,
    type: ContentType,
    owners: readonly { readonly id: number; readonly input: CheckedInput<string> }[],
  ): Promise<void> {
    const flat = new Map<ContentType, unknown[][]>();
    for (const owner of owners) {
      const deep = new Map<string, CheckedValue<string>>();
      for (const attribute of type.attributes) {
        const value = owner.input.values.get(attribute.name);
        if (!isComposed(attribute) || value?.kind !== 'components') continue;
        if (value.entries.some((entry) => !isFlat(entry.component))) {
          deep.set(attribute.name, value);
          continue;
        }
        for (const [position, entry] of value.entries.entries())
          flat.set(entry.component, [
            ...(flat.get(entry.component) ?? []),
            [...ownerColumns(type, owner.id, attribute.name, position), ...columnValues(entry, true)].map(
              ([, stored]) => stored,
            ),
          ]);
      }
      if (deep.size > 0) await this.write(manager, { type, id: owner.id }, { values: deep }, true);
    }
    for (const [component, rows] of flat) {
      const columns = component.attributes.filter(hasColumn).map(columnNameOf);
      await insertMany(manager, component.tableName, [...OWNER_COLUMNS, ...columns], rows, this.context.q);
    }
  }

  /** Removes every entry the rows own, nested ones first (their own links go by foreign keys). */
  async remove(manager: EntityManager, type: ContentType, ownerIds: readonly number[]): Promise<void> {
    if (ownerIds.length === 0) return;
    for (const attribute of type.attributes)
      if (isComposed(attribute))
        await this.removeEntries(manager, await this.entriesOf(manager, type, attribute, ownerIds));
  }

  /** Copies a row's entries to another row of the same type (publishing, discarding a draft). */
  async copy(manager: EntityManager, type: ContentType, fromId: number, toId: number): Promise<void> {
    for (const attribute of type.attributes) {
      if (!isComposed(attribute)) continue;
      for (const component of this.components(attribute)) {
        const columns = ['field', 'position', ...component.attributes.filter(hasColumn).map(columnNameOf)];
        const rows: { id: number }[] = await manager.query(
          `SELECT id, ${columns.map(this.context.q).join(', ')} FROM ${this.context.q(component.tableName)} WHERE owner_type = ? AND field = ? AND owner_id = ? ORDER BY position`,
          [type.uid, attribute.name, fromId],
        );
        for (const row of rows) {
          const values = new Map<string, unknown>([
            ['owner_type', type.uid],
            ['owner_id', toId],
            ...columns.map((column) => [column, (row as Record<string, unknown>)[column]] as [string, unknown]),
          ]);
          const id = await this.insertRow(manager, component, values);
          await copyLinks(manager, component, Number(row.id), id, this.context.q);
          await this.copy(manager, component, Number(row.id), id);
        }
      }
    }
  }

  private async insert(
    manager: EntityManager,
    owner: Owner,
    field: string,
    entry: CheckedEntry<string>,
    position: number,
    at: readonly (string | number)[],
  ): Promise<void> {
    const values = new Map<string, unknown>([
      ...ownerColumns(owner.type, owner.id, field, position),
      ...columnValues(entry, true),
    ]);
    const id = await this.insertRow(manager, entry.component, values);
    await writeLinks(manager, entry.component, id, entry.input, true, this.context.q);
    await this.write(manager, { type: entry.component, id }, entry.input, true, at);
  }

  private async update(
    manager: EntityManager,
    stored: StoredEntry,
    entry: CheckedEntry<string>,
    position: number,
    at: readonly (string | number)[],
  ): Promise<void> {
    const { q } = this.context;
    const values = new Map<string, unknown>([['position', position], ...columnValues(entry, false)]);
    await manager.query(
      `UPDATE ${q(stored.component.tableName)} SET ${[...values.keys()].map((column) => `${q(column)} = ?`).join(', ')} WHERE id = ?`,
      [...values.values(), stored.id],
    );
    await writeLinks(manager, stored.component, stored.id, entry.input, false, q);
    await this.write(manager, { type: stored.component, id: stored.id }, entry.input, false, at);
  }

  private async insertRow(manager: EntityManager, component: ContentType, values: Map<string, unknown>) {
    const { q } = this.context;
    const text = `INSERT INTO ${q(component.tableName)} (${[...values.keys()].map(q).join(', ')}) VALUES (${[...values.keys()].map(() => '?').join(', ')})`;
    if (this.context.returning) {
      const [row] = (await manager.query(`${text} RETURNING id`, [...values.values()])) as { id: number }[];
      return Number(row!.id);
    }
    const result = (await manager.query(text, [...values.values()])) as { insertId: number };
    return Number(result.insertId);
  }

  private async removeEntries(manager: EntityManager, entries: readonly StoredEntry[]): Promise<void> {
    const byComponent = new Map<ContentType, number[]>();
    for (const entry of entries)
      byComponent.set(entry.component, [...(byComponent.get(entry.component) ?? []), entry.id]);
    for (const [component, ids] of byComponent) {
      await this.remove(manager, component, ids);
      await manager.query(
        `DELETE FROM ${this.context.q(component.tableName)} WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
    }
  }

  private async entriesOf(
    manager: EntityManager,
    owner: ContentType,
    attribute: ComposedAttribute,
    ownerIds: readonly number[],
  ): Promise<StoredEntry[]> {
    const entries: StoredEntry[] = [];
    for (const component of this.components(attribute)) {
      const rows: { id: number }[] = await manager.query(
        `SELECT id FROM ${this.context.q(component.tableName)} WHERE owner_type = ? AND field = ? AND owner_id IN (${ownerIds.map(() => '?').join(', ')})`,
        [owner.uid, attribute.name, ...ownerIds],
      );
      entries.push(...rows.map((row) => ({ id: Number(row.id), component })));
    }
    return entries;
  }

  private components(attribute: ComposedAttribute): ContentType[] {
    return componentsOf(attribute).flatMap((uid) => this.context.componentOf(uid) ?? []);
  }
}

const OWNER_COLUMNS = ['owner_type', 'owner_id', 'field', 'position'];

/** Whose entry a row is: the owner's type and row, the attribute, the place in its list. */
function ownerColumns(owner: ContentType, id: number, field: string, position: number): [string, unknown][] {
  return [
    ['owner_type', owner.uid],
    ['owner_id', id],
    ['field', field],
    ['position', position],
  ];
}

/** A component whose entries are only columns: no links, no components inside. */
function isFlat(component: ContentType): boolean {
  return linkAttributes(component).length === 0 && !component.attributes.some(isComposed);
}

function isSame(stored: StoredEntry, entry: CheckedEntry<string>): boolean {
  return stored.id === entry.id && stored.component === entry.component;
}

function isList(attribute: ComposedAttribute): boolean {
  return attribute.type === 'dynamiczone' || attribute.repeatable;
}

/**
 * An entry's own columns: its scalars and to-one references. A new entry has every column (the
 * defaults, or null, where the write says nothing); a kept one changes only what the write names.
 */
function columnValues(entry: CheckedEntry<string>, whole: boolean): [string, unknown][] {
  return entry.component.attributes.filter(hasColumn).flatMap((attribute): [string, unknown][] => {
    const value = entry.input.values.get(attribute.name);
    if (value?.kind === 'column') return [[columnNameOf(attribute), value.value]];
    if (value?.kind === 'toOne') return [[columnNameOf(attribute), value.documentId]];
    return whole ? [[columnNameOf(attribute), attributeType(attribute).storedDefault(attribute) ?? null]] : [];
  });
}
