import type { Attribute, AttributeType } from '../definition/content-type';
import { snakeCase } from '../definition/names';
import { DOCUMENT_ID_LENGTH, type ColumnSpec, type Dialect } from '../planner/table-spec';

const LONG_TEXT: Record<Dialect, string> = { mysql: 'longtext', sqlite: 'text' };
const DEFAULT_STRING_LENGTH = 255;

/** How each attribute kind is stored, in one exhaustive table: a column, or a link table. */
const STORAGE: Record<
  AttributeType,
  (attribute: Attribute, dialect: Dialect) => Omit<ColumnSpec, 'name' | 'nullable'> | 'link' | 'none'
> = {
  string: (attribute) => varchar(attribute),
  email: (attribute) => varchar(attribute),
  uid: (attribute) => varchar(attribute),
  enumeration: () => ({ type: 'varchar', length: DEFAULT_STRING_LENGTH }),
  password: () => ({ type: 'varchar', length: DEFAULT_STRING_LENGTH }),
  text: (_attribute, dialect) => ({ type: LONG_TEXT[dialect] }),
  richtext: (_attribute, dialect) => ({ type: LONG_TEXT[dialect] }),
  blocks: (_attribute, dialect) => ({ type: LONG_TEXT[dialect] }),
  json: (_attribute, dialect) => ({ type: LONG_TEXT[dialect] }),
  integer: () => ({ type: 'integer' }),
  biginteger: () => ({ type: 'bigint' }),
  float: () => ({ type: 'double' }),
  decimal: () => ({ type: 'decimal', precision: 10, scale: 2 }),
  boolean: () => ({ type: 'boolean' }),
  date: () => ({ type: 'date' }),
  time: () => ({ type: 'time' }),
  datetime: () => ({ type: 'datetime', precision: 3 }),
  timestamp: () => ({ type: 'datetime', precision: 3 }),
  media: (attribute) => ((attribute as { multiple?: boolean }).multiple ? 'link' : documentReference()),
  relation: (attribute) => {
    if (attribute.type !== 'relation' || attribute.mappedBy !== undefined) return 'none';
    return attribute.relation === 'manyToOne' || attribute.relation === 'oneToOne' ? documentReference() : 'link';
  },
};

function varchar(attribute: Attribute): Omit<ColumnSpec, 'name' | 'nullable'> {
  const maxLength = 'maxLength' in attribute ? attribute.maxLength : undefined;
  return {
    type: 'varchar',
    length:
      maxLength !== undefined && maxLength <= DEFAULT_STRING_LENGTH ? Math.max(maxLength, 1) : DEFAULT_STRING_LENGTH,
    caseInsensitive: true,
  };
}

function documentReference(): Omit<ColumnSpec, 'name' | 'nullable'> {
  return { type: 'varchar', length: DOCUMENT_ID_LENGTH };
}

export type AttributeStorage =
  | { readonly kind: 'column'; readonly column: ColumnSpec; readonly referencesDocument: boolean }
  | { readonly kind: 'link' }
  | { readonly kind: 'none' };

/**
 * Where an attribute lives: its own column (a document reference for to-one relations and single
 * media), a link table (to-many), or nowhere (the inverse side of a relation owned by its target).
 */
export function storageOf(attribute: Attribute, dialect: Dialect): AttributeStorage {
  const storage = STORAGE[attribute.type](attribute, dialect);
  if (storage === 'link' || storage === 'none') return { kind: storage };
  const referencesDocument = attribute.type === 'relation' || attribute.type === 'media';
  return {
    kind: 'column',
    referencesDocument,
    // Required is checked on input, per version: a draft may lack what a published entry needs.
    column: { name: columnNameOf(attribute), nullable: true, ...storage },
  };
}

export function columnNameOf(attribute: Attribute): string {
  let column = columnNames.get(attribute);
  if (column === undefined) {
    const base = snakeCase(attribute.name);
    column = attribute.type === 'relation' || attribute.type === 'media' ? `${base}_document_id` : base;
    columnNames.set(attribute, column);
  }
  return column;
}

/** Column names by attribute, worked out once: reads and writes ask for them per row and value. */
const columnNames = new WeakMap<Attribute, string>();
