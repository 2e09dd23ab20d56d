import type { SchemaObject } from '@nestjs/swagger';
import type { ValueKind } from '@cms/core';
import type {
  Attribute,
  AttributeType,
  ComponentAttribute,
  DynamicZoneAttribute,
  EnumerationAttribute,
  MediaAttribute,
  RelationAttribute,
  ScalarAttribute,
  UidAttribute,
} from '../definition/content-type';
import type { ColumnSpec, Dialect } from '../planner/table-spec';

export type Path = readonly (string | number)[];
/** Reports a problem at a path below the attribute (its options, or the parts of a written value). */
export type Report = (message: string, path?: Path) => void;
export type Json = Record<string, unknown>;

export type { ValueKind };

/**
 * A related document as a write names it: by documentId, or by the id of one of its rows (how
 * Strapi clients name media files). The writer turns ids into documentIds.
 */
export type TargetRef = string | number;

/** A written value, checked and ready for its column (or its relation links). */
export type InputValue<Ref extends TargetRef = TargetRef> =
  | { readonly kind: 'column'; readonly value: unknown }
  /** A password's plain text: the command service stores only its argon2id hash. */
  | { readonly kind: 'secret'; readonly plain: string }
  | { readonly kind: 'toOne'; readonly documentId: Ref | null }
  | {
      readonly kind: 'toMany';
      readonly set?: readonly Ref[];
      readonly connect: readonly Ref[];
      /** Where each `connect` entry goes, by index (absent: at the end, or where it already is). */
      readonly positions?: readonly (LinkPosition | undefined)[];
      readonly disconnect: readonly Ref[];
    }
  /**
   * Component entries, in order (one for a single component, null when cleared), each checked
   * against its component by the content lib (which knows the components in force).
   */
  | { readonly kind: 'components'; readonly entries: readonly ComponentEntryInput[] };

/** One written component entry: of which component, and its raw fields (an `id` keeps an entry). */
export interface ComponentEntryInput {
  readonly component: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Strapi v5's `connect` positions, relative to documents already linked (by documentId). */
export type LinkPosition =
  { readonly before: string } | { readonly after: string } | { readonly start: true } | { readonly end: true };

/** The options every attribute takes, parsed before its type's own. */
export type AttributeBase = Pick<
  Attribute,
  'name' | 'required' | 'unique' | 'private' | 'index' | 'configurable' | 'localized'
>;

/** How an attribute is stored: its own column, a link table, or nowhere (an inverse relation). */
export type StoredAs = Omit<ColumnSpec, 'name' | 'nullable'> | 'link' | 'none';

/** The attribute of one type, narrowed: `AttributeOf<'enumeration'>` has its `enum`. */
export type AttributeOf<T extends AttributeType> = T extends 'enumeration'
  ? EnumerationAttribute
  : T extends 'uid'
    ? UidAttribute
    : T extends 'media'
      ? MediaAttribute
      : T extends 'relation'
        ? RelationAttribute
        : T extends 'component'
          ? ComponentAttribute
          : T extends 'dynamiczone'
            ? DynamicZoneAttribute
            : ScalarAttribute;

/**
 * Everything one attribute type means, in one module: its definition options and their
 * validation, its column, the validation and coercion of written values, how answers show it,
 * which filters and sorts it accepts, and its OpenAPI schema. The registry is a record over every
 * type, so a type without a module, or a module without a part, does not compile.
 */
export interface AttributeTypeSpec<A extends Attribute> {
  /** Definition options of this type, beyond the common ones (`required`, `unique`, ...). */
  readonly options: readonly string[];
  /** Its column can carry a unique or plain index. */
  readonly indexable: boolean;
  /** Full-text `search` looks in it. */
  readonly searchable: boolean;
  /** What filters and sorts compare; undefined: it can be neither filtered nor sorted. */
  readonly valueKind: ValueKind | undefined;
  /** Answers show it among the document's own fields (relations and media only when populated). */
  readonly shown: boolean;
  /** The normalized attribute from its definition; problems are reported at their paths. */
  define(raw: Json, base: AttributeBase, report: Report): A;
  storage(attribute: A, dialect: Dialect): StoredAs;
  /** A written value (never null: null clears a scalar before this is asked), checked and coerced. */
  input(attribute: A, value: unknown, report: Report): InputValue | undefined;
  /** The column value of the attribute's default, if it has one. */
  storedDefault(attribute: A): unknown;
  /** A stored value (never null) as answers show it. */
  output(raw: unknown): unknown;
  /** The OpenAPI schema of its value. */
  openApi(attribute: A): SchemaObject;
}
