/** The attribute kinds of CONTRACT §2. */
export const ATTRIBUTE_TYPES = [
  'string',
  'text',
  'richtext',
  'blocks',
  'email',
  'password',
  'uid',
  'integer',
  'biginteger',
  'float',
  'decimal',
  'boolean',
  'date',
  'time',
  'datetime',
  'timestamp',
  'enumeration',
  'json',
  'media',
  'relation',
  'component',
  'dynamiczone',
] as const;

export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const RELATION_KINDS = ['oneToOne', 'oneToMany', 'manyToOne', 'manyToMany'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

interface AttributeBase {
  readonly name: string;
  readonly required: boolean;
  readonly unique: boolean;
  readonly private: boolean;
  /** Indexed for filters and sorts (beyond Strapi: `index: true`). */
  readonly index: boolean;
  readonly configurable: boolean;
  /**
   * In a localized type, `false` when every locale of a document shares the value
   * (`pluginOptions.i18n.localized: false`); kept in step whenever one locale writes it.
   */
  readonly localized: boolean;
}

export interface ScalarAttribute extends AttributeBase {
  readonly type: Exclude<AttributeType, 'relation' | 'media' | 'enumeration' | 'uid' | 'component' | 'dynamiczone'>;
  readonly default?: unknown;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  readonly regex?: string;
}

export interface EnumerationAttribute extends AttributeBase {
  readonly type: 'enumeration';
  readonly enum: readonly string[];
  readonly default?: string;
}

export interface UidAttribute extends AttributeBase {
  readonly type: 'uid';
  readonly targetField?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly regex?: string;
}

/** The built-in types of the media library: media attributes are relations to files. */
export const FILE_TYPE = 'file';
export const FOLDER_TYPE = 'folder';
export const SYSTEM_TYPE_NAMES: ReadonlySet<string> = new Set([FILE_TYPE, FOLDER_TYPE]);

export type MediaKind = 'images' | 'videos' | 'audios' | 'files';

/** The `allowedTypes` kind a file of this MIME type counts as. */
export function mediaKindOf(mime: string): MediaKind {
  if (mime.startsWith('image/')) return 'images';
  if (mime.startsWith('video/')) return 'videos';
  if (mime.startsWith('audio/')) return 'audios';
  return 'files';
}

export interface MediaAttribute extends AttributeBase {
  readonly type: 'media';
  readonly multiple: boolean;
  readonly allowedTypes?: readonly MediaKind[];
  /** A media attribute is a relation to the file type: one file, or many. */
  readonly relation: 'manyToOne' | 'manyToMany';
  readonly target: typeof FILE_TYPE;
  readonly mappedBy?: undefined;
  readonly inversedBy?: undefined;
}

/**
 * The target of relations to this system's users (Strapi's `plugin::users-permissions.user` and
 * `admin::user`): a name no content type can take, since `user` is reserved.
 */
export const USER_TARGET = 'user';

export interface RelationAttribute extends AttributeBase {
  readonly type: 'relation';
  readonly relation: RelationKind;
  /** The target's singular name (`api::author.author` and `author` both become `author`), or USER_TARGET. */
  readonly target: string;
  readonly inversedBy?: string;
  readonly mappedBy?: string;
}

/** A component (`category.name`) held by the document: one entry, or an ordered list when repeatable. */
export interface ComponentAttribute extends AttributeBase {
  readonly type: 'component';
  readonly component: string;
  readonly repeatable: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** An ordered list of entries of the allowed components, each naming its own (`__component`). */
export interface DynamicZoneAttribute extends AttributeBase {
  readonly type: 'dynamiczone';
  readonly components: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

export type Attribute =
  | ScalarAttribute
  | EnumerationAttribute
  | UidAttribute
  | MediaAttribute
  | RelationAttribute
  | ComponentAttribute
  | DynamicZoneAttribute;

/** Attributes whose values are component entries, stored in the components' own tables. */
export type ComposedAttribute = ComponentAttribute | DynamicZoneAttribute;

export function isComposed(attribute: Attribute | undefined): attribute is ComposedAttribute {
  return attribute?.type === 'component' || attribute?.type === 'dynamiczone';
}

/** The components an attribute's entries may be of. */
export function componentsOf(attribute: ComposedAttribute): readonly string[] {
  return attribute.type === 'component' ? [attribute.component] : attribute.components;
}

/** Attributes that point at other documents: relations, and media (which point at files). */
export type RelationalAttribute = RelationAttribute | MediaAttribute;

export function isRelational(attribute: Attribute | undefined): attribute is RelationalAttribute {
  return attribute?.type === 'relation' || attribute?.type === 'media';
}

/** A relation to this system's users: to-one, stored as the user's id. */
export function isUserRelation(attribute: Attribute | undefined): boolean {
  return attribute?.type === 'relation' && attribute.target === USER_TARGET;
}

export function isToMany(attribute: RelationalAttribute): boolean {
  return attribute.relation === 'oneToMany' || attribute.relation === 'manyToMany';
}

/**
 * Whether the attribute has a column in its type's row: not to-many links, not the inverse side of
 * a relation, not component entries (which live in their components' tables).
 */
export function hasColumn(attribute: Attribute): boolean {
  if (isComposed(attribute)) return false;
  return !(isRelational(attribute) && (attribute.mappedBy !== undefined || isToMany(attribute)));
}

/**
 * A validated, normalized content-type definition, or a component's (`kind: 'component'`): a
 * component has no documents, versions or API of its own; its rows belong to the rows that hold
 * them, and its `uid`, `singularName` and `pluralName` are all its `category.name`.
 */
export interface ContentType {
  readonly uid: string;
  readonly kind: 'collectionType' | 'singleType' | 'component';
  readonly singularName: string;
  readonly pluralName: string;
  readonly displayName: string;
  readonly description?: string;
  /** The table: `collectionName` when given, otherwise the plural name in snake_case. */
  readonly tableName: string;
  readonly draftAndPublish: boolean;
  readonly localized: boolean;
  readonly attributes: readonly Attribute[];
  /** Composite indexes declared in `options.indexes`, by attribute names. */
  readonly indexes: readonly (readonly string[])[];
  /** A built-in type (the media library's files and folders): no Content API, not editable. */
  readonly system?: boolean;
  /** A component's category and icon. */
  readonly category?: string;
  readonly icon?: string;
}

export function isComponent(type: ContentType): boolean {
  return type.kind === 'component';
}
