import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { AccessPlanner, DocumentCommands, withoutEntryIds } from '@cms/content';
import { PUBLIC_ACTOR } from '@cms/identity';
import { ACTIVE_STORAGE, type StorageDriver } from '@cms/media';
import { FILE_TYPE, LocalesService, SchemaRegistry, type ContentType } from '@cms/schema';
import { strapiMetadata, strapiRecords, unpackStrapiArchive } from './strapi-archive';
import { strapiDefinitions, type Skipped, type StrapiSchema } from './strapi-schemas';

interface StrapiEntity {
  readonly type: string;
  readonly id: number;
  readonly data: Record<string, unknown>;
}

interface StrapiLink {
  readonly kind: string;
  readonly relation: string;
  readonly left: { readonly type: string; readonly ref: number; readonly field: string; readonly pos?: number };
  readonly right: { readonly type: string; readonly ref: number; readonly field?: string; readonly pos?: number };
}

export interface StrapiImportReport {
  readonly strapiVersion: string | null;
  readonly types: number;
  readonly components: number;
  readonly documents: number;
  readonly locales: readonly string[];
  readonly relations: number;
  readonly files: number;
  readonly skipped: readonly Skipped[];
}

/** Keys of a Strapi entity's data that are the document's, not its attributes'. */
const SYSTEM_KEYS = new Set([
  'id',
  'documentId',
  'locale',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'localizations',
]);
const FILE_FIELDS = [
  'name',
  'alternativeText',
  'caption',
  'width',
  'height',
  'hash',
  'ext',
  'mime',
  'size',
  'previewUrl',
  'provider_metadata',
];

/**
 * `cms import:strapi <archive>`: an archive of `strapi export --no-encrypt` becomes this CMS's
 * content, through the command service. Its content types and components become definitions;
 * its files, with their variants, go to the storage and the media library; its documents are
 * written with their published version (or their draft when unpublished), their documentId and
 * every locale; then its relations and media links connect them. What cannot be carried (other
 * plugins' types, relations to them or to users, relations inside components) is reported with the
 * reason.
 */
@Injectable()
export class StrapiImporter {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly planner: AccessPlanner,
    private readonly commands: DocumentCommands,
    private readonly locales: LocalesService,
    @Inject(ACTIVE_STORAGE) private readonly storage: StorageDriver,
  ) {}

  async run(
    file: string,
    progress?: (step: string, done: number, total?: number) => void,
  ): Promise<StrapiImportReport> {
    const folder = await mkdtemp(join(tmpdir(), 'cms-strapi-'));
    try {
      await unpackStrapiArchive(file, folder);
      const metadata = strapiMetadata(folder);
      const schemas: StrapiSchema[] = [];
      for await (const schema of strapiRecords<StrapiSchema>(folder, 'schemas')) schemas.push(schema);
      const { definitions, skipped } = strapiDefinitions(schemas);
      await this.registry.put(definitions, 'upsert', { confirmed: false, actorId: null });
      const entities: StrapiEntity[] = [];
      for await (const entity of strapiRecords<StrapiEntity>(folder, 'entities')) entities.push(entity);
      const links: StrapiLink[] = [];
      for await (const link of strapiRecords<StrapiLink>(folder, 'links')) links.push(link);

      const locales = await this.ensureLocales(entities);
      const documentIds = new Map(
        entities.map((entity) => [key(entity.type, entity.id), String(entity.data.documentId)]),
      );
      const files = await this.importFiles(folder, entities, skipped);
      const written = await this.writeDocuments(entities, skipped, progress);
      const relations = await this.connect(entities, links, documentIds, skipped);
      return {
        strapiVersion: metadata.strapi?.version ?? null,
        types: definitions.filter((definition) => !(definition as { uid?: string }).uid).length,
        components: definitions.filter((definition) => (definition as { uid?: string }).uid).length,
        documents: written,
        locales,
        relations,
        files,
        skipped,
      };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** The locales the archive's i18n plugin lists (or its documents use), made where missing. */
  private async ensureLocales(entities: readonly StrapiEntity[]): Promise<string[]> {
    const listed = entities.filter((entity) => entity.type === 'plugin::i18n.locale').map((entity) => entity.data);
    const used = new Set(
      entities.map((entity) => entity.data.locale).filter((code): code is string => typeof code === 'string'),
    );
    const known = new Set((await this.locales.list()).map((locale) => locale.code));
    for (const code of new Set([...listed.map((locale) => String(locale.code)), ...used])) {
      if (known.has(code)) continue;
      const named = listed.find((locale) => locale.code === code);
      await this.locales.create({ code, name: String(named?.name ?? code), isDefault: false });
    }
    return [...used].sort();
  }

  /** Each file's bytes (and its variants') into the storage, and its document into the media library. */
  private async importFiles(folder: string, entities: readonly StrapiEntity[], skipped: Skipped[]): Promise<number> {
    const fileType = this.registry.get(FILE_TYPE);
    const uploads = entities.filter((entity) => entity.type === 'plugin::upload.file');
    if (!fileType || uploads.length === 0) return 0;
    const documents = [];
    for (const { data } of uploads) {
      const key = `${String(data.hash)}${String(data.ext ?? '')}`;
      const formats = (data.formats ?? {}) as Record<string, Record<string, unknown>>;
      const keys = [key, ...Object.values(formats).map((format) => `${String(format.hash)}${String(format.ext)}`)];
      const missing = keys.filter((name) => !existsSync(join(folder, 'assets', 'uploads', name)));
      if (missing.length > 0) {
        skipped.push({
          what: `file ${String(data.name)}`,
          reason: `its bytes are not in the archive (${missing.join(', ')})`,
        });
        continue;
      }
      for (const name of keys) {
        const path = join(folder, 'assets', 'uploads', name);
        await this.storage.put(name, createReadStream(path), { mime: String(data.mime) });
      }
      documents.push({
        documentId: String(data.documentId),
        data: {
          ...Object.fromEntries(
            FILE_FIELDS.filter((field) => data[field] !== undefined).map((field) => [field, data[field]]),
          ),
          formats: Object.fromEntries(
            Object.entries(formats).map(([name, format]) => [
              name,
              { ...format, url: this.storage.urlOf(`${String(format.hash)}${String(format.ext)}`) },
            ]),
          ),
          url: this.storage.urlOf(key),
          provider: this.storage.provider,
        },
      });
    }
    if (documents.length > 0)
      await this.commands.createMany({
        actor: PUBLIC_ACTOR,
        plan: this.planner.trusted(fileType),
        documents,
        publish: true,
      });
    return documents.length;
  }

  /**
   * Every document of the carried types: per documentId and locale, its published version (or its
   * draft when it has none), the first locale created, the others added to it.
   */
  private async writeDocuments(
    entities: readonly StrapiEntity[],
    skipped: Skipped[],
    progress?: (step: string, done: number, total?: number) => void,
  ): Promise<number> {
    let written = 0;
    const byDocument = new Map<string, StrapiEntity>();
    const drafts = new Map<string, StrapiEntity>();
    for (const entity of entities) {
      if (!entity.type.startsWith('api::')) continue;
      const id = `${entity.type}#${String(entity.data.documentId)}#${String(entity.data.locale ?? '')}`;
      if (entity.data.publishedAt == null) drafts.set(id, entity);
      const held = byDocument.get(id);
      if (!held || (held.data.publishedAt == null && entity.data.publishedAt != null)) byDocument.set(id, entity);
    }
    for (const [id, draft] of drafts) {
      const published = byDocument.get(id)!;
      const values = (entity: StrapiEntity) => JSON.stringify(contentOf(entity.data));
      if (published !== draft && values(published) !== values(draft))
        skipped.push({
          what: `the draft of ${id.replace(/#/g, ' ')}`,
          reason: 'it differs from its published version, which is carried',
        });
    }
    const created = new Set<string>();
    for (const entity of byDocument.values()) {
      const type = this.typeOf(entity.type);
      if (!type) continue;
      const plan = this.planner.trusted(type);
      const data = attributesOf(type, entity.data, (uid) => this.registry.component(uid));
      const documentId = String(entity.data.documentId);
      const locale = typeof entity.data.locale === 'string' && type.localized ? { locale: entity.data.locale } : {};
      const publish = entity.data.publishedAt != null || !type.draftAndPublish;
      try {
        if (created.has(documentId))
          await this.commands.update({ actor: PUBLIC_ACTOR, plan, documentId, data, publish, ...locale });
        else
          await this.commands.createMany({
            actor: PUBLIC_ACTOR,
            plan,
            documents: [{ documentId, data }],
            publish,
            ...locale,
          });
        created.add(documentId);
        written += 1;
        progress?.('documents', written, byDocument.size);
      } catch (error) {
        skipped.push({ what: `${entity.type} ${documentId}`, reason: (error as Error).message });
      }
    }
    return written;
  }

  /** The relations and media links between the documents written, as each left entity's values. */
  private async connect(
    entities: readonly StrapiEntity[],
    links: readonly StrapiLink[],
    documentIds: ReadonlyMap<string, string>,
    skipped: Skipped[],
  ): Promise<number> {
    const values = new Map<string, Map<string, { ref: string; pos: number }[]>>();
    const add = (owner: string, field: string, ref: string, pos: number) => {
      const fields = values.get(owner) ?? new Map<string, { ref: string; pos: number }[]>();
      fields.set(field, [...(fields.get(field) ?? []), { ref, pos }]);
      values.set(owner, fields);
    };
    let unsupported = 0;
    for (const link of links) {
      const media = link.left.type === 'plugin::upload.file' && link.left.field === 'related';
      const [owner, field, target, pos] = media
        ? [
            key(link.right.type, link.right.ref),
            link.right.field,
            documentIds.get(key(link.left.type, link.left.ref)),
            link.right.pos,
          ]
        : [
            key(link.left.type, link.left.ref),
            link.left.field,
            documentIds.get(key(link.right.type, link.right.ref)),
            link.left.pos,
          ];
      const [ownerType, targetType] = media ? [link.right.type, link.left.type] : [link.left.type, link.right.type];
      const carried = ownerType.startsWith('api::') && (media || targetType.startsWith('api::'));
      if (!carried || !field || !target) {
        unsupported += 1;
        continue;
      }
      add(owner, field, target, pos ?? 0);
    }
    if (unsupported > 0)
      skipped.push({
        what: `${unsupported} link(s)`,
        reason: 'between types not carried (users, other plugins’) or from inside components',
      });
    let connected = 0;
    const byId = new Map(entities.map((entity) => [key(entity.type, entity.id), entity]));
    const done = new Set<string>();
    for (const [owner, fields] of values) {
      const entity = byId.get(owner);
      const type = entity ? this.typeOf(entity.type) : undefined;
      if (!entity || !type) continue;
      const documentId = String(entity.data.documentId);
      const version = `${documentId}#${String(entity.data.locale ?? '')}#${String(entity.data.publishedAt != null)}`;
      if (done.has(version)) continue;
      done.add(version);
      const data = Object.fromEntries(
        [...fields].map(([field, refs]) => {
          const attribute = type.attributes.find((candidate) => candidate.name === field);
          const ordered = [...refs].sort((a, b) => a.pos - b.pos).map((ref) => ref.ref);
          const single =
            attribute?.type === 'media'
              ? !attribute.multiple
              : attribute?.type === 'relation' && ['manyToOne', 'oneToOne'].includes(attribute.relation);
          return [field, single ? ordered[0] : ordered];
        }),
      );
      try {
        await this.commands.update({
          actor: PUBLIC_ACTOR,
          plan: this.planner.trusted(type),
          documentId,
          data,
          publish: entity.data.publishedAt != null || !type.draftAndPublish,
          ...(typeof entity.data.locale === 'string' && type.localized ? { locale: entity.data.locale } : {}),
        });
        connected += Object.keys(data).length;
      } catch (error) {
        skipped.push({ what: `the relations of ${entity.type} ${documentId}`, reason: (error as Error).message });
      }
    }
    return connected;
  }

  private typeOf(uid: string): ContentType | undefined {
    const match = /^api::([a-z0-9-]+)\.([a-z0-9-]+)$/.exec(uid);
    return match ? this.registry.get(match[2]!) : undefined;
  }
}

function key(type: string, id: number): string {
  return `${type}#${id}`;
}

/** An entity's own values, without its row's identity and times: what tells two versions apart. */
function contentOf(data: Readonly<Record<string, unknown>>): unknown {
  const strip = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(strip)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([name]) => name !== 'id')
              .map(([name, inner]) => [name, strip(inner)]),
          )
        : value;
  return strip(Object.fromEntries(Object.entries(data).filter(([name]) => !SYSTEM_KEYS.has(name))));
}

/** An entity's attributes as a write takes them: no system keys, component entries without their ids. */
function attributesOf(
  type: ContentType,
  data: Readonly<Record<string, unknown>>,
  componentOf: (uid: string) => ContentType | undefined,
): Record<string, unknown> {
  return withoutEntryIds(
    type,
    Object.fromEntries(Object.entries(data).filter(([name]) => !SYSTEM_KEYS.has(name))),
    componentOf,
  );
}
