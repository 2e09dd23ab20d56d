import type { Attribute, ContentType } from '@cms/schema';
import { columnNameOf, isRelational, linkTableOf } from '@cms/schema';

/** Columns of the system fields every document has. */
export const SYSTEM_COLUMNS: Readonly<Record<string, string>> = {
  id: 'id',
  documentId: 'document_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  publishedAt: 'published_at',
  locale: 'locale',
};

export function columnOf(type: ContentType, name: string): string {
  const system = SYSTEM_COLUMNS[name];
  if (system) return system;
  return columnNameOf(attributeOf(type, name));
}

export function attributeOf(type: ContentType, name: string): Attribute {
  const attribute = type.attributes.find((candidate) => candidate.name === name);
  if (!attribute) throw new Error(`${type.singularName} has no attribute ${name}`);
  return attribute;
}

/** Which physical path a relation takes from a row of `type` to rows of its target. */
export type RelationStorage =
  /** `type` holds the target's document id in a column. */
  | { readonly kind: 'column'; readonly column: string }
  /** `type` owns a link table: `row_id` → `target_document_id`. */
  | { readonly kind: 'link'; readonly table: string }
  /** The target holds this document's id in a column. */
  | { readonly kind: 'inverse-column'; readonly column: string }
  /** The target owns a link table pointing at this document. */
  | { readonly kind: 'inverse-link'; readonly table: string };

export function relationStorage(
  type: ContentType,
  name: string,
  typeOf: (singular: string) => ContentType | undefined,
): RelationStorage {
  const attribute = attributeOf(type, name);
  if (!isRelational(attribute)) throw new Error(`${type.singularName}.${name} is not a relation`);
  if (attribute.mappedBy === undefined) {
    const toOne = attribute.relation === 'manyToOne' || attribute.relation === 'oneToOne';
    return toOne
      ? { kind: 'column', column: columnNameOf(attribute) }
      : { kind: 'link', table: linkTableOf(type.tableName, attribute.name) };
  }
  const target = typeOf(attribute.target);
  const owner = target ? attributeOf(target, attribute.mappedBy) : undefined;
  if (!target || !isRelational(owner)) throw new Error(`${type.singularName}.${name} has no owning side`);
  const ownerToOne = owner.relation === 'manyToOne' || owner.relation === 'oneToOne';
  return ownerToOne
    ? { kind: 'inverse-column', column: columnNameOf(owner) }
    : { kind: 'inverse-link', table: linkTableOf(target.tableName, owner.name) };
}
