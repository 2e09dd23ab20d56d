import { Injectable } from '@nestjs/common';
import type { Actor } from '@cms/identity';
import type { ContentType } from '@cms/schema';
import type { EntityManager } from 'typeorm';
import type { DocumentJson } from '../serialize/serialize-document';

/** What a hook is told. `data` is the write's input, which `before...` hooks may change. */
export interface LifecycleEvent {
  readonly type: ContentType;
  readonly actor: Actor;
  /**
   * The write's transaction: rows a hook writes through it (history, audit, outbox) commit and
   * roll back with the document. A write that meets a concurrent one is run again, hooks too.
   */
  readonly transaction: EntityManager;
  readonly documentId?: string;
  data: Record<string, unknown>;
  /** The document as written (after hooks only). */
  result?: DocumentJson;
}

export interface LifecycleHooks {
  beforeCreate(event: LifecycleEvent): void | Promise<void>;
  afterCreate(event: LifecycleEvent): void | Promise<void>;
  beforeUpdate(event: LifecycleEvent): void | Promise<void>;
  afterUpdate(event: LifecycleEvent): void | Promise<void>;
  beforeDelete(event: LifecycleEvent): void | Promise<void>;
  afterDelete(event: LifecycleEvent): void | Promise<void>;
}

export type LifecycleName = keyof LifecycleHooks;

/**
 * Lifecycle hooks per content type, for a project's code. A provider registers them, usually in
 * its `onModuleInit`:
 *
 *   lifecycles.register('article', { beforeCreate: (event) => { event.data.title = ... } });
 *
 * Every hook runs inside the write's transaction. `before...` hooks run before validation and may
 * change `data` or throw (a DomainError becomes its HTTP answer, and nothing is written);
 * `after...` hooks see the written document, and a throw rolls the write back.
 */
@Injectable()
export class ContentLifecycles {
  private readonly hooks = new Map<string, Partial<LifecycleHooks>[]>();

  /** `'*'` registers for every content type. */
  register(singularName: string, hooks: Partial<LifecycleHooks>): void {
    this.hooks.set(singularName, [...(this.hooks.get(singularName) ?? []), hooks]);
  }

  async run(name: LifecycleName, event: LifecycleEvent): Promise<void> {
    for (const hooks of [...(this.hooks.get('*') ?? []), ...(this.hooks.get(event.type.singularName) ?? [])]) {
      await hooks[name]?.(event);
    }
  }
}
