/** A schema as a Strapi export lists it (`schemas/*.jsonl`). */
export interface StrapiSchema {
  readonly uid: string;
  readonly modelType: 'contentType' | 'component';
  readonly kind?: 'collectionType' | 'singleType';
  readonly collectionName?: string;
  readonly category?: string;
  readonly info?: Record<string, unknown>;
  readonly options?: Record<string, unknown>;
  readonly pluginOptions?: Record<string, unknown>;
  readonly attributes: Record<string, Record<string, unknown>>;
}

export interface Skipped {
  readonly what: string;
  readonly reason: string;
}

/** Attributes every Strapi document has, which this CMS keeps as system fields of its own. */
const SYSTEM_ATTRIBUTES = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
  'localizations',
]);
const USERS = new Set(['plugin::users-permissions.user', 'admin::user']);

/**
 * The definitions a Strapi export's schemas become: its own content types (`api::`) and its
 * components, each attribute kept as Strapi wrote it but for the system fields this CMS keeps
 * itself, and relations to types it does not carry (other plugins'), which are reported.
 */
export function strapiDefinitions(schemas: readonly StrapiSchema[]): { definitions: unknown[]; skipped: Skipped[] } {
  const skipped: Skipped[] = [];
  const carried = new Set(
    schemas
      .filter((schema) => schema.uid.startsWith('api::') || schema.modelType === 'component')
      .map((schema) => schema.uid),
  );
  const definitions: unknown[] = [];
  for (const schema of schemas) {
    if (!carried.has(schema.uid)) {
      if (
        !schema.uid.startsWith('admin::') &&
        !schema.uid.startsWith('strapi::') &&
        schema.uid !== 'plugin::upload.file' &&
        schema.uid !== 'plugin::upload.folder'
      )
        skipped.push({ what: schema.uid, reason: 'a plugin’s own type: not carried' });
      continue;
    }
    const attributes: Record<string, Record<string, unknown>> = {};
    for (const [name, attribute] of Object.entries(schema.attributes)) {
      if (SYSTEM_ATTRIBUTES.has(name)) continue;
      const target = attribute.target as string | undefined;
      if (attribute.type === 'relation' && target && !carried.has(target) && !USERS.has(target)) {
        skipped.push({ what: `${schema.uid}.${name}`, reason: `a relation to ${target}, which is not carried` });
        continue;
      }
      attributes[name] = attribute;
    }
    const info = schema.info ?? {};
    definitions.push(
      schema.modelType === 'component'
        ? {
            uid: schema.uid,
            ...(schema.collectionName ? { collectionName: schema.collectionName } : {}),
            info: { displayName: info.displayName ?? schema.uid, ...(info.icon ? { icon: info.icon } : {}) },
            attributes,
          }
        : {
            kind: schema.kind ?? 'collectionType',
            ...(schema.collectionName ? { collectionName: schema.collectionName } : {}),
            info: {
              singularName: info.singularName,
              pluralName: info.pluralName,
              displayName: info.displayName,
              ...(typeof info.description === 'string' ? { description: info.description } : {}),
            },
            options: { draftAndPublish: schema.options?.draftAndPublish === true },
            ...(schema.pluginOptions ? { pluginOptions: schema.pluginOptions } : {}),
            attributes,
          },
    );
  }
  return { definitions, skipped };
}
