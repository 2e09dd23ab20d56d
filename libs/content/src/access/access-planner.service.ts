import { Injectable, Logger } from '@nestjs/common';
import { PolicyService, type Decision } from '@cms/access';
import { DomainError } from '@cms/core';
import type { Actor } from '@cms/identity';
import { componentsOf, isComposed, isRelational, SchemaRegistry, USER_TARGET, type ContentType } from '@cms/schema';
import { parseCondition } from '../query/parse-query';
import { AccessPlan, READ_ALL, type ReadAccess } from './access-plan';

export interface PlanOptions {
  /** The permission's subject, when it is not the type itself (the media library's `media`). */
  readonly subject?: string;
  /** A write: also decide what its answer may show (the caller's findOne, else find). */
  readonly answers?: boolean;
}

const SHOWS_NOTHING: ReadAccess = Object.freeze({ fields: [], condition: undefined });

/** What a populated user shows: never its email, password or state. */
export const USER_FIELDS = Object.freeze(['id', 'username']);

/**
 * Makes the access plan of a request: the one place that asks the policy about content. A
 * permission condition that no longer parses (it names an attribute since removed) fails closed
 * for that role and type, and is logged: no row, never a 500.
 */
@Injectable()
export class AccessPlanner {
  private readonly logger = new Logger('AccessPlanner');
  private reachable = { version: -1, byType: new Map<string, readonly string[]>() };

  constructor(
    private readonly policy: PolicyService,
    private readonly registry: SchemaRegistry,
  ) {}

  /** The plan of `action` on `type`; a 403 when the caller may not do it at all. */
  async plan(actor: Actor, action: string, type: ContentType, options: PlanOptions = {}): Promise<AccessPlan> {
    const decision = await this.policy.decide(actor, action, options.subject ?? type.singularName);
    if (!decision.allowed) throw DomainError.forbidden();
    const rootAccess = this.readAccess(decision, type);
    // A list's own decision is `find` on its type: not asked twice.
    const rootIsFind = action === 'find' && options.subject === undefined;
    const names = this.reachableFrom(type);
    const reads = await Promise.all(
      names.map((name) => (rootIsFind && name === type.singularName ? rootAccess : this.findAccess(actor, name))),
    );
    return new AccessPlan(
      type,
      rootAccess,
      new Map(names.map((name, index) => [name, reads[index]])),
      options.answers ? await this.answerAccess(actor, type) : undefined,
    );
  }

  /** Whether the caller may also do `action` on `type` (a write that publishes). */
  async may(actor: Actor, action: string, type: ContentType): Promise<boolean> {
    return (await this.policy.decide(actor, action, type.singularName)).allowed;
  }

  /** A plan that reads everything of `type` and all it reaches: for the server's own reads. */
  trusted(type: ContentType): AccessPlan {
    return AccessPlan.trusted(type, this.reachableFrom(type));
  }

  /** The type and every type its relations and media lead to, transitively, sorted by name. */
  reachableFrom(type: ContentType): readonly string[] {
    if (this.reachable.version !== this.registry.schemaVersion)
      this.reachable = { version: this.registry.schemaVersion, byType: new Map() };
    let names = this.reachable.byType.get(type.singularName);
    if (!names) {
      // Components are gone through (their relations lead on) but are no types of their own.
      const seen = new Set([type.singularName]);
      const queue = [type];
      for (let current = queue.shift(); current; current = queue.shift()) {
        for (const attribute of current.attributes) {
          const next = isComposed(attribute)
            ? componentsOf(attribute)
            : isRelational(attribute)
              ? [attribute.target]
              : [];
          for (const name of next) {
            if (seen.has(name)) continue;
            seen.add(name);
            const target = this.registry.get(name);
            if (target) queue.push(target);
          }
        }
      }
      names = [...seen].filter((name) => this.registry.get(name)?.kind !== 'component').sort();
      this.reachable.byType.set(type.singularName, names);
    }
    return names;
  }

  private async findAccess(actor: Actor, name: string): Promise<ReadAccess | undefined> {
    // Users populate under `find` on `user`, and show only their id and username.
    if (name === USER_TARGET)
      return (await this.policy.decide(actor, 'find', USER_TARGET)).allowed
        ? { fields: USER_FIELDS, condition: undefined }
        : undefined;
    const type = this.registry.get(name);
    if (!type) return undefined;
    // Files are public at their URLs, as in Strapi: a readable document shows its media.
    if (type.system) return READ_ALL;
    const decision = await this.policy.decide(actor, 'find', name);
    return decision.allowed ? this.readAccess(decision, type) : undefined;
  }

  private async answerAccess(actor: Actor, type: ContentType): Promise<ReadAccess> {
    for (const action of ['findOne', 'find']) {
      const decision = await this.policy.decide(actor, action, type.singularName);
      if (decision.allowed) return { fields: decision.fields, condition: undefined };
    }
    return SHOWS_NOTHING;
  }

  private readAccess(decision: Decision, type: ContentType): ReadAccess {
    if (decision.condition === undefined || decision.condition === false)
      return { fields: decision.fields, condition: decision.condition };
    try {
      return {
        fields: decision.fields,
        condition: parseCondition(decision.condition, { type, typeOf: (name) => this.registry.get(name) }),
      };
    } catch (error) {
      this.logger.warn({ err: error }, `a permission condition on ${type.singularName} no longer applies: no rows`);
      return { fields: decision.fields, condition: false };
    }
  }
}
