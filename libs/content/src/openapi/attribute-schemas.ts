import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import {
  attributeType,
  componentSchemaName,
  entryUnion,
  isComposed,
  isRelational,
  isToMany,
  isUserRelation,
  type Attribute,
  type ComposedAttribute,
  type ContentType,
} from '@cms/schema';

export type Schema = SchemaObject | ReferenceObject;

export const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

/** The media library's file object, documented by its routes: media attributes populate into it. */
export const FILE_SCHEMA = 'UploadFile';

/** The value null, as OpenAPI 3.0 can say it. */
export const NULL_ONLY: SchemaObject = { type: 'object', nullable: true, enum: [null] };

/** A related user as answers show it: its safe fields only. */
const USER_SUMMARY: SchemaObject = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer' }, username: { type: 'string', nullable: true } },
};

/** `blog-post` → `BlogPost`: the prefix of a type's schema names. */
export function schemaName(type: Pick<ContentType, 'singularName'>): string {
  return type.singularName
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A document as answers show it: its system fields, attributes, and what populate adds. */
export function documentSchema(type: ContentType, known: ReadonlySet<string>): SchemaObject {
  const properties: Record<string, Schema> = {
    id: { type: 'integer' },
    documentId: { type: 'string' },
    ...shownProperties(type.attributes, known),
  };
  properties.createdAt = { type: 'string', format: 'date-time' };
  properties.updatedAt = { type: 'string', format: 'date-time' };
  properties.publishedAt = { type: 'string', format: 'date-time', nullable: true };
  if (type.localized) properties.locale = { type: 'string' };
  return { type: 'object', required: ['id', 'documentId'], properties };
}

/** The attributes answers show (relations, media and entries only when populated). */
export function shownProperties(attributes: readonly Attribute[], known: ReadonlySet<string>): Record<string, Schema> {
  const properties: Record<string, Schema> = {};
  for (const attribute of attributes) {
    if (attribute.private) continue;
    if (isComposed(attribute)) {
      properties[attribute.name] = entriesSchema(attribute);
      continue;
    }
    if (isUserRelation(attribute)) {
      properties[attribute.name] = {
        anyOf: [USER_SUMMARY, NULL_ONLY],
        description: 'Present when populated (under find on user); null when there is none',
      };
      continue;
    }
    if (isRelational(attribute)) {
      if (attribute.type === 'relation' && !known.has(attribute.target)) continue;
      const target =
        attribute.type === 'media'
          ? ref(FILE_SCHEMA)
          : ref(`${schemaName({ singularName: attribute.target })}Document`);
      // OpenAPI 3.0: `nullable` only beside a `type`, and it does not reach into a $ref: a missing
      // related document is the second branch.
      properties[attribute.name] = isToMany(attribute)
        ? { type: 'array', items: target, description: 'Present when populated' }
        : { anyOf: [target, NULL_ONLY], description: 'Present when populated; null when there is none' };
      continue;
    }
    if (attributeType(attribute).shown)
      properties[attribute.name] = nullable(attributeType(attribute).openApi(attribute));
  }
  return properties;
}

/**
 * A component's entries as answers show them: one (or null), a list, or a dynamic zone's list of
 * entries of several components told apart by `__component`.
 */
function entriesSchema(attribute: ComposedAttribute): Schema {
  if (attribute.type === 'component') {
    const entry = ref(componentSchemaName(attribute.component));
    return attribute.repeatable
      ? { type: 'array', items: entry, description: 'Present when populated' }
      : { anyOf: [entry, NULL_ONLY], description: 'Present when populated; null when there is none' };
  }
  return {
    type: 'array',
    description: 'Present when populated: entries of the allowed components, told apart by __component',
    items: entryUnion(attribute.components, 'Entry'),
  };
}

/** A value that may be null: `nullable` where the schema has a type (an untyped one admits null already). */
export function nullable(schema: Schema): Schema {
  if ('$ref' in schema) return { anyOf: [schema, NULL_ONLY] };
  return schema.type === undefined ? schema : { ...schema, nullable: true };
}

/** The properties a write may send: the owning side of relations, and every other attribute. */
export function inputProperties(attributes: readonly Attribute[]): Record<string, Schema> {
  const properties: Record<string, Schema> = {};
  for (const attribute of attributes) {
    if (isRelational(attribute)) {
      if (attribute.mappedBy === undefined) properties[attribute.name] = attributeType(attribute).openApi(attribute);
      continue;
    }
    const schema = attributeType(attribute).openApi(attribute);
    properties[attribute.name] = attribute.required ? schema : nullable(schema);
  }
  return properties;
}

/** Required attributes a write must bring (a uid filled from its target field may be left out). */
export function requiredOf(attributes: readonly Attribute[]): string[] {
  return attributes
    .filter((attribute) => attribute.required && !(attribute.type === 'uid' && attribute.targetField))
    .map((attribute) => attribute.name);
}

export function inputSchema(type: ContentType, creating: boolean): SchemaObject {
  const required = requiredOf(type.attributes);
  return {
    type: 'object',
    properties: inputProperties(type.attributes),
    additionalProperties: false,
    // A create publishes unless ?status=draft: it must bring what publishing requires.
    ...(creating && required.length > 0 ? { required } : {}),
    ...(required.length > 0 ? { description: `Required to publish: ${required.join(', ')}` } : {}),
  };
}
