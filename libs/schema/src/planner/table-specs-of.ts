import { columnNameOf, storageOf } from '../attribute-types/column-of-attribute';
import type { Attribute, ContentType } from '../definition/content-type';
import { snakeCase } from '../definition/names';
import { fullTextColumnsOf } from '../search/full-text';
import {
  DOCUMENT_ID_LENGTH,
  DOCUMENTS_TABLE,
  USERS_TABLE,
  type ColumnSpec,
  type Dialect,
  type ForeignKeySpec,
  type IndexSpec,
  type TableSpec,
} from './table-spec';

const MAX_IDENTIFIER = 60;

/**
 * The tables of one content type: its own (system columns, one typed column per stored attribute,
 * indexes) and one link table per to-many relation or multiple media attribute.
 *
 * Each version of a document is a row: with draft and publish, a draft (`is_published` 0) and
 * possibly a published row (1) share `document_id`. Unique attributes are unique per version.
 */
export function tableSpecsOf(type: ContentType, dialect: Dialect): TableSpec[] {
  if (type.kind === 'component') return componentTableSpecs(type, dialect);
  const table = type.tableName;
  const version = type.localized ? ['locale', 'is_published'] : ['is_published'];
  const columns: ColumnSpec[] = [
    { name: 'id', type: 'integer', nullable: false, primary: true, generated: true },
    { name: 'document_id', type: 'varchar', length: DOCUMENT_ID_LENGTH, nullable: false },
    ...(type.localized ? [{ name: 'locale', type: 'varchar', length: 16, nullable: false, default: "''" }] : []),
    { name: 'is_published', type: 'boolean', nullable: false },
    { name: 'created_at', type: 'datetime', precision: 3, nullable: false },
    { name: 'updated_at', type: 'datetime', precision: 3, nullable: false },
    { name: 'published_at', type: 'datetime', precision: 3, nullable: true },
    { name: 'created_by_id', type: 'integer', nullable: true },
    { name: 'updated_by_id', type: 'integer', nullable: true },
  ];
  const foreignKeys: ForeignKeySpec[] = [
    { column: 'document_id', table: DOCUMENTS_TABLE, referencedColumn: 'document_id', onDelete: 'CASCADE' },
    { column: 'created_by_id', table: USERS_TABLE, referencedColumn: 'id', onDelete: 'SET NULL' },
    { column: 'updated_by_id', table: USERS_TABLE, referencedColumn: 'id', onDelete: 'SET NULL' },
  ];
  // Every read names the version (and the locale): declared indexes lead with them, so a filter and
  // sort on their columns is answered in index order, without sorting or skipping the other version.
  const readPrefix = type.draftAndPublish ? [...(type.localized ? ['locale'] : []), 'is_published'] : [];
  const indexes: IndexSpec[] = [
    index(table, ['document_id', ...version], true),
    index(table, [...readPrefix, 'published_at'], false),
  ];
  const links = attributeStorage(type, dialect, { columns, foreignKeys, indexes }, (attribute, column) =>
    attribute.unique
      ? index(table, [column, ...version], true)
      : attribute.index
        ? index(table, [...readPrefix, column], false)
        : undefined,
  );
  for (const names of type.indexes) {
    const indexColumns = names.map((name) =>
      columnNameOf(type.attributes.find((attribute) => attribute.name === name)!),
    );
    indexes.push(index(table, [...readPrefix, ...indexColumns], false));
  }
  const fullText = dialect === 'mysql' ? fullTextColumnsOf(type) : undefined;
  if (fullText) indexes.push({ name: identifier(`ft_${table}`), columns: fullText, unique: false, fullText: true });
  return [{ name: table, columns, indexes: dedupe(indexes), foreignKeys }, ...links];
}

/**
 * The tables of a component: one row per entry, owned by a row of a type or of another component
 * (`owner_type` its UID, `owner_id` its row, `field` the attribute holding it, `position` its
 * place in the list). The owner's writer removes entries with their owner, in its transaction.
 * Uniqueness across owners means nothing: `unique` is accepted, as Strapi does, and not indexed.
 */
function componentTableSpecs(type: ContentType, dialect: Dialect): TableSpec[] {
  const table = type.tableName;
  const columns: ColumnSpec[] = [
    { name: 'id', type: 'integer', nullable: false, primary: true, generated: true },
    ...COMPONENT_OWNER_COLUMNS,
  ];
  const foreignKeys: ForeignKeySpec[] = [];
  const indexes: IndexSpec[] = [index(table, ['owner_type', 'field', 'owner_id', 'position'], false)];
  const links = attributeStorage(type, dialect, { columns, foreignKeys, indexes }, (attribute, column) =>
    attribute.index ? index(table, [column], false) : undefined,
  );
  return [{ name: table, columns, indexes, foreignKeys }, ...links];
}

const COMPONENT_OWNER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'owner_type', type: 'varchar', length: 64, nullable: false },
  { name: 'owner_id', type: 'integer', nullable: false },
  { name: 'field', type: 'varchar', length: 64, nullable: false },
  { name: 'position', type: 'integer', nullable: false, default: '0' },
];

/**
 * Adds each attribute's column to the table (a reference with its foreign key and index, any other
 * with the index `indexOf` gives it) and answers its link tables.
 */
function attributeStorage(
  type: ContentType,
  dialect: Dialect,
  table: { columns: ColumnSpec[]; foreignKeys: ForeignKeySpec[]; indexes: IndexSpec[] },
  indexOf: (attribute: Attribute, column: string) => IndexSpec | undefined,
): TableSpec[] {
  const links: TableSpec[] = [];
  for (const attribute of type.attributes) {
    const storage = storageOf(attribute, dialect);
    if (storage.kind === 'link') links.push(linkTableSpec(type.tableName, attribute.name));
    if (storage.kind !== 'column') continue;
    table.columns.push(storage.column);
    const own = storage.references
      ? index(type.tableName, [storage.column.name], false)
      : indexOf(attribute, storage.column.name);
    if (storage.references) table.foreignKeys.push(referenceOf(storage.column.name, storage.references));
    if (own) table.indexes.push(own);
  }
  return links;
}

/** A reference column's foreign key: to a document (or file), or to a user; null when it goes. */
function referenceOf(column: string, references: 'document' | 'user'): ForeignKeySpec {
  return references === 'user'
    ? { column, table: USERS_TABLE, referencedColumn: 'id', onDelete: 'SET NULL' }
    : { column, table: DOCUMENTS_TABLE, referencedColumn: 'document_id', onDelete: 'SET NULL' };
}

/** The link table of a to-many relation or multiple media attribute. */
export function linkTableOf(table: string, attribute: string): string {
  return identifier(`${table}_${snakeCase(attribute)}_lnk`);
}

/** A to-many link: per row (so drafts and published versions keep their own), to target documents. */
function linkTableSpec(table: string, attribute: string): TableSpec {
  const name = linkTableOf(table, attribute);
  return {
    name,
    columns: [
      { name: 'row_id', type: 'integer', nullable: false, primary: true },
      { name: 'target_document_id', type: 'varchar', length: DOCUMENT_ID_LENGTH, nullable: false, primary: true },
      { name: 'position', type: 'integer', nullable: false, default: '0' },
    ],
    indexes: [index(name, ['target_document_id'], false)],
    foreignKeys: [
      { column: 'row_id', table, referencedColumn: 'id', onDelete: 'CASCADE' },
      { column: 'target_document_id', table: DOCUMENTS_TABLE, referencedColumn: 'document_id', onDelete: 'CASCADE' },
    ],
  };
}

function index(table: string, columns: readonly string[], unique: boolean): IndexSpec {
  return { name: identifier(`${unique ? 'uq' : 'ix'}_${table}_${columns.join('_')}`), columns, unique };
}

function dedupe(indexes: IndexSpec[]): IndexSpec[] {
  return [...new Map(indexes.map((spec) => [spec.name, spec])).values()];
}

/** Identifiers stay within MySQL's 64 characters; long ones end in a stable hash. */
export function identifier(name: string): string {
  if (name.length <= MAX_IDENTIFIER) return name;
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return `${name.slice(0, MAX_IDENTIFIER - 9)}_${hash.toString(36).padStart(8, '0').slice(0, 8)}`;
}
