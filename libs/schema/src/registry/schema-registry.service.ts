import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, DomainError, InvalidationBus, SettingsService, withNamedLock, type AppConfig } from '@cms/core';
import type { DataSource } from 'typeorm';
import { describeStep, SchemaApplier } from '../applier/schema-applier';
import { componentsOf, isComposed, type Attribute, type ContentType } from '../definition/content-type';
import { parseDefinitions } from '../definition/parse-definitions';
import { planSchema, type Step } from '../planner/plan-schema';
import { tableSpecsOf } from '../planner/table-specs-of';
import { ContentTypeEntity, DocumentEntity, SchemaChangeEntity } from './entities';

const TOPIC = 'schema.content-types';
const VERSION_SETTING = 'schema.version';
const LOCK = 'cms_schema';

export interface SchemaChangeOptions {
  /** Apply changes that lose data (dropping an attribute or type, narrowing a column). */
  readonly confirmed: boolean;
  /** Who made the change, for the history. */
  readonly actorId?: number | null;
  /** The media library installing its built-in types (no one else may name them). */
  readonly system?: boolean;
}

export interface AppliedChange {
  readonly singularName: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly steps: readonly string[];
}

interface Registered {
  readonly type: ContentType;
  /** The definition as it was given (Strapi's schema.json shape). */
  readonly definition: unknown;
}

/**
 * The content types in force: loaded from the database, changed only through the planner and the
 * applier under a database lock, recorded in the history, and announced to every instance (at
 * once through Redis, otherwise by a schema version each instance polls).
 */
@Injectable()
export class SchemaRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SchemaRegistry');
  private registered = new Map<string, Registered>();
  /** Collection types by their plural name: the Content API looks one up on every request. */
  private collections = new Map<string, ContentType>();
  private version = 0;
  /** How many times the types were (re)loaded here. */
  private loads = 0;
  private poller?: NodeJS.Timeout;
  /** Reloads asked for by announcements run one after another; shutdown waits for the last. */
  private pending: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applier: SchemaApplier,
    private readonly bus: InvalidationBus,
    private readonly settings: SettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.bus.on(TOPIC, () => this.reloadQuietly());
    this.bus.onResync(() => void this.reloadIfChanged());
    // Polls only while no announcement can arrive: Redis unset, or unreachable for now.
    this.poller = setInterval(() => {
      if (!this.bus.shared) void this.reloadIfChanged();
    }, this.config.schemaPollMs);
    this.poller.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.poller);
    await this.pending;
  }

  /** Changes with every schema change this instance has loaded: caches of answers key on it. */
  get schemaVersion(): number {
    return this.loads;
  }

  /** The content types users defined (the built-in media types and the components are left out). */
  list(): ContentType[] {
    return this.everything().filter((type) => !type.system && type.kind !== 'component');
  }

  /** The components in force, by UID order. */
  components(): ContentType[] {
    return this.everything().filter((type) => type.kind === 'component');
  }

  /** A component by its UID (`category.name`). */
  component(uid: string): ContentType | undefined {
    const type = this.registered.get(uid)?.type;
    return type?.kind === 'component' ? type : undefined;
  }

  get(singularName: string): ContentType | undefined {
    return this.registered.get(singularName)?.type;
  }

  /** A collection type users defined, by its plural name. */
  collection(pluralName: string): ContentType | undefined {
    return this.collections.get(pluralName);
  }

  /** Every definition in force, as given: components first, then types (the media library's too). */
  definitions(): { readonly name: string; readonly definition: unknown }[] {
    return [...this.registered]
      .sort(([, a], [, b]) => Number(b.type.kind === 'component') - Number(a.type.kind === 'component'))
      .map(([name, entry]) => ({ name, definition: entry.definition }));
  }

  /** Every type and component in force, the media library's included: what owns tables. */
  all(): ContentType[] {
    return this.everything();
  }

  definitionOf(singularName: string): unknown {
    return this.registered.get(singularName)?.definition;
  }

  /** Creates (`create`), replaces (`update`) or either (`upsert`) the given types together. */
  async put(
    inputs: readonly unknown[],
    mode: 'create' | 'update' | 'upsert',
    options: SchemaChangeOptions,
  ): Promise<AppliedChange[]> {
    return withNamedLock(this.dataSource, LOCK, async () => {
      await this.reload();
      const existing = this.everything();
      const parsed = parseDefinitions(inputs, existing, { allowSystem: options.system });
      for (const type of parsed) {
        const known = this.registered.has(type.singularName);
        const what = type.kind === 'component' ? 'component' : 'content type';
        if (mode === 'create' && known)
          throw DomainError.conflict(
            type.kind === 'component' ? 'COMPONENT_EXISTS' : 'CONTENT_TYPE_EXISTS',
            `The ${what} ${type.singularName} exists`,
          );
        if (mode === 'update' && !known) throw DomainError.notFound(`No ${what} ${type.singularName}`);
      }
      const names = new Set(parsed.map((type) => type.singularName));
      const after = [...existing.filter((type) => !names.has(type.singularName)), ...parsed];
      const plan = planSchema(this.specsOf(existing), this.specsOf(after));
      const changes = parsed
        .map((type, index) => ({ type, definition: inputs[index] }))
        .filter(
          ({ type, definition }) =>
            JSON.stringify(this.registered.get(type.singularName)?.definition) !== JSON.stringify(definition),
        )
        .map(({ type, definition }) => ({
          type,
          definition,
          change: {
            singularName: type.singularName,
            action: this.registered.has(type.singularName) ? ('update' as const) : ('create' as const),
            steps: stepsOf(plan.steps, type).map(describeStep),
          },
        }));
      if (changes.length === 0) return [];
      await this.applier.apply(plan, options);
      await this.dataSource.transaction(async (manager) => {
        for (const { type, definition, change } of changes) {
          await manager.save(
            manager.create(ContentTypeEntity, {
              singularName: type.singularName,
              definition: JSON.stringify(definition),
            }),
          );
          await manager.insert(SchemaChangeEntity, {
            singularName: type.singularName,
            action: change.action,
            definition: JSON.stringify(definition),
            steps: JSON.stringify(change.steps),
            appliedBy: options.actorId ?? null,
          });
        }
      });
      await this.announce();
      return changes.map(({ change }) => change);
    });
  }

  /** Deletes a type and its table (always lossy: needs confirmation); refused while others point at it. */
  async remove(singularName: string, options: SchemaChangeOptions): Promise<AppliedChange> {
    return withNamedLock(this.dataSource, LOCK, async () => {
      await this.reload();
      const type = this.get(singularName);
      if (!type || type.system) throw DomainError.notFound(`No content type ${singularName}`);
      const dependents = this.everything().filter(
        (other) => other !== type && other.attributes.some((attribute) => dependsOn(attribute, type)),
      );
      if (dependents.length > 0) {
        throw type.kind === 'component'
          ? DomainError.conflict('COMPONENT_IN_USE', `Types or components use ${singularName}`, {
              types: dependents.map((other) => other.singularName),
            })
          : DomainError.conflict('CONTENT_TYPE_IN_USE', `Relations of other types point at ${singularName}`, {
              types: dependents.map((other) => other.singularName),
            });
      }
      const remaining = this.everything().filter((other) => other !== type);
      const plan = planSchema(this.specsOf(this.everything()), this.specsOf(remaining));
      await this.applier.apply(plan, options);
      const change: AppliedChange = { singularName, action: 'delete', steps: plan.steps.map(describeStep) };
      await this.dataSource.transaction(async (manager) => {
        await manager.delete(ContentTypeEntity, { singularName });
        await manager.delete(DocumentEntity, { contentType: singularName });
        // The entries its rows owned go with them.
        for (const component of this.components())
          if (component !== type)
            await manager.query(
              `DELETE FROM ${this.dataSource.driver.escape(component.tableName)} WHERE owner_type = ?`,
              [type.uid],
            );
        await manager.insert(SchemaChangeEntity, {
          singularName,
          action: 'delete',
          definition: null,
          steps: JSON.stringify(change.steps),
          appliedBy: options.actorId ?? null,
        });
      });
      await this.announce();
      return change;
    });
  }

  private everything(): ContentType[] {
    return [...this.registered.values()].map((entry) => entry.type);
  }

  private specsOf(types: readonly ContentType[]) {
    return types.flatMap((type) => tableSpecsOf(type, this.applier.dialect));
  }

  private async announce(): Promise<void> {
    this.version = ((await this.settings.get<number>(VERSION_SETTING)) ?? 0) + 1;
    await this.settings.set(VERSION_SETTING, this.version);
    // The bus delivers to this instance too, which queues the reload: wait for it, do not repeat it.
    await this.bus.publish(TOPIC, '*');
    await this.pending;
  }

  private async reload(): Promise<void> {
    const rows = await this.dataSource.manager.find(ContentTypeEntity, { order: { singularName: 'ASC' } });
    const definitions = rows.map((row) => JSON.parse(row.definition) as unknown);
    const types = parseDefinitions(definitions, [], { allowSystem: true });
    this.registered = new Map(
      types.map((type, index) => [type.singularName, { type, definition: definitions[index] }]),
    );
    this.collections = new Map(
      types.filter((type) => !type.system && type.kind === 'collectionType').map((type) => [type.pluralName, type]),
    );
    this.loads += 1;
    this.version = (await this.settings.get<number>(VERSION_SETTING)) ?? 0;
  }

  private reloadQuietly(): void {
    if (this.closing) return;
    this.pending = this.pending
      .then(() => this.reload())
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not reload the content types'));
  }

  private async reloadIfChanged(): Promise<void> {
    if (this.closing) return;
    try {
      if (((await this.settings.get<number>(VERSION_SETTING)) ?? 0) !== this.version) await this.reload();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not check the schema version');
    }
  }
}

/** Whether removing `type` would leave the attribute pointing at nothing. */
function dependsOn(attribute: Attribute, type: ContentType): boolean {
  if (attribute.type === 'relation') return type.kind !== 'component' && attribute.target === type.singularName;
  return isComposed(attribute) && componentsOf(attribute).includes(type.uid);
}

/** The steps that touch a type's own table or its link tables. */
function stepsOf(steps: readonly Step[], type: ContentType): Step[] {
  const owns = (table: string) =>
    table === type.tableName || (table.startsWith(`${type.tableName}_`) && table.endsWith('_lnk'));
  return steps.filter((step) => owns(step.kind === 'createTable' ? step.table.name : step.table));
}
