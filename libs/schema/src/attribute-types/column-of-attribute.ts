import { isUserRelation, type Attribute } from '../definition/content-type';
import { snakeCase } from '../definition/names';
import type { ColumnSpec, Dialect } from '../planner/table-spec';
import { attributeType } from './registry';

export type AttributeStorage =
  | {
      readonly kind: 'column';
      readonly column: ColumnSpec;
      /** What its value points at: a document (to-one relations, single media), a user, or nothing. */
      readonly references?: 'document' | 'user';
    }
  | { readonly kind: 'link' }
  | { readonly kind: 'none' };

/**
 * Where an attribute lives, as its type's module says: its own column (a document reference for
 * to-one relations and single media), a link table (to-many), or nowhere (the inverse side of a
 * relation owned by its target).
 */
export function storageOf(attribute: Attribute, dialect: Dialect): AttributeStorage {
  const storage = attributeType(attribute).storage(attribute, dialect);
  if (storage === 'link' || storage === 'none') return { kind: storage };
  const references = isUserRelation(attribute)
    ? 'user'
    : attribute.type === 'relation' || attribute.type === 'media'
      ? 'document'
      : undefined;
  return {
    kind: 'column',
    ...(references ? { references } : {}),
    // Required is checked on input, per version: a draft may lack what a published entry needs.
    column: { name: columnNameOf(attribute), nullable: true, ...storage },
  };
}

export function columnNameOf(attribute: Attribute): string {
  let column = columnNames.get(attribute);
  if (column === undefined) {
    const base = snakeCase(attribute.name);
    column = isUserRelation(attribute)
      ? `${base}_user_id`
      : attribute.type === 'relation' || attribute.type === 'media'
        ? `${base}_document_id`
        : base;
    columnNames.set(attribute, column);
  }
  return column;
}

/** Column names by attribute, worked out once: reads and writes ask for them per row and value. */
const columnNames = new WeakMap<Attribute, string>();
