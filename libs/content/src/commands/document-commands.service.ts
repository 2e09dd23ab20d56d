import { Injectable } from '@nestjs/common';
import { DomainError } from '@cms/core';
import { PasswordHasher, userIdOf, type Actor } from '@cms/identity';
import { SchemaRegistry, type ContentType } from '@cms/schema';
import type { AccessPlan } from '../access/access-plan';
import { DocumentReader } from '../documents/document-reader.service';
import { DocumentWriter } from '../documents/document-writer.service';
import { DocumentService } from '../documents/document.service';
import { ContentLifecycles, type LifecycleEvent } from '../lifecycle/content-lifecycles';
import type { DocumentJson } from '../serialize/serialize-document';
import { hashSecrets } from '../validate/hash-secrets';
import { validateInput } from '../validate/validate-input';
import { WriteTransactions } from './write-transactions';

/** Who writes, under which plan (made for the command's own action, with its answer decided). */
export interface Command {
  readonly actor: Actor;
  readonly plan: AccessPlan;
  /** Of a localized type: the locale written (settled by `DocumentService.localeOf`). */
  readonly locale?: string;
}

export interface DataCommand extends Command {
  /** The write's `data`, as the client sent it. */
  readonly data: Record<string, unknown>;
  /** Also publish (draft and publish types); otherwise only the draft is written. */
  readonly publish: boolean;
}

export type EditorialAction = 'publish' | 'unpublish' | 'discard-draft';

/**
 * The only way a document changes, for the Content API, the media library and the CLI alike.
 * Each command is one transaction (through WriteTransactions, retried as a whole on a conflict)
 * that checks the caller may touch the document, runs the `before...` hooks, validates, writes,
 * reads the document back as the caller may see it, and runs the `after...` hooks: a hook's own
 * rows commit and roll back with the document.
 */
@Injectable()
export class DocumentCommands {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly writer: DocumentWriter,
    private readonly reader: DocumentReader,
    private readonly documents: DocumentService,
    private readonly lifecycles: ContentLifecycles,
    private readonly hasher: PasswordHasher,
    private readonly registry: SchemaRegistry,
  ) {}

  create(command: DataCommand): Promise<DocumentJson> {
    const { plan, actor, publish, locale } = command;
    const type = plan.root;
    assertWritable(command.data, plan.rootAccess.fields);
    return this.transactions.run(type, async (transaction) => {
      const event: LifecycleEvent = { type, actor, transaction, data: { ...command.data } };
      await this.lifecycles.run('beforeCreate', event);
      const input = await this.checked(type, event.data, !type.draftAndPublish || publish);
      const { documentId, stored } = await this.writer.create(transaction, type, input, {
        publish,
        userId: userIdOf(actor),
        plan,
        ...(locale !== undefined ? { locale } : {}),
      });
      const result = await this.documents.written(plan, documentId, publish, stored, transaction, locale);
      await this.lifecycles.run('afterCreate', { ...event, documentId, result });
      return result;
    });
  }

  /**
   * Many new documents of one type in one transaction, in multi-row statements: the bulk path
   * (seed:demo, later imports). Each runs the create hooks and validation like one create; the
   * `after` hooks are told the documentId, not a read-back document. Entries may bring their own
   * documentIds. Answers the documentIds, in order.
   */
  createMany(
    command: Command & {
      readonly documents: readonly { readonly documentId?: string; readonly data: Record<string, unknown> }[];
      readonly publish: boolean;
    },
  ): Promise<string[]> {
    const { plan, actor, publish } = command;
    const type = plan.root;
    for (const { data } of command.documents) assertWritable(data, plan.rootAccess.fields);
    return this.transactions.run(type, async (transaction) => {
      const events: LifecycleEvent[] = [];
      const entries = [];
      for (const { documentId, data } of command.documents) {
        const event: LifecycleEvent = { type, actor, transaction, data: { ...data } };
        await this.lifecycles.run('beforeCreate', event);
        events.push(event);
        const input = await this.checked(type, event.data, !type.draftAndPublish || publish);
        entries.push({ ...(documentId ? { documentId } : {}), input });
      }
      const ids = await this.writer.createMany(transaction, type, entries, {
        publish,
        userId: userIdOf(actor),
        plan,
        ...(command.locale !== undefined ? { locale: command.locale } : {}),
      });
      for (const [index, event] of events.entries())
        await this.lifecycles.run('afterCreate', { ...event, documentId: ids[index] });
      return ids;
    });
  }

  /**
   * Changes a document; of a localized type, in the locale named, which a document that lacks it
   * gains (Strapi v5's `PUT /api/:plural/:documentId?locale=fr`), validated as a create.
   */
  update(command: DataCommand & { readonly documentId: string }): Promise<DocumentJson> {
    const { plan, actor, publish, documentId, locale } = command;
    const type = plan.root;
    assertWritable(command.data, plan.rootAccess.fields);
    return this.transactions.run(type, async (transaction) => {
      await this.documents.assertVisible(plan, documentId, transaction);
      const newLocale =
        type.localized && locale !== undefined && !(await this.documents.exists(plan, documentId, transaction, locale));
      const event: LifecycleEvent = { type, actor, transaction, documentId, data: { ...command.data } };
      await this.lifecycles.run('beforeUpdate', event);
      const input = await this.checked(type, event.data, newLocale && (!type.draftAndPublish || publish));
      const options = { publish, userId: userIdOf(actor), plan, ...(locale !== undefined ? { locale } : {}) };
      if (newLocale) await this.writer.create(transaction, type, input, { ...options, documentId });
      else await this.writer.update(transaction, type, documentId, input, options);
      const result = await this.documents.written(plan, documentId, publish, undefined, transaction, locale);
      await this.lifecycles.run('afterUpdate', { ...event, result });
      return result;
    });
  }

  delete(command: Command & { readonly documentId: string }): Promise<void> {
    const { plan, actor, documentId, locale } = command;
    const type = plan.root;
    return this.transactions.run(type, async (transaction) => {
      await this.documents.assertVisible(plan, documentId, transaction, locale);
      const event: LifecycleEvent = { type, actor, transaction, documentId, data: {} };
      await this.lifecycles.run('beforeDelete', event);
      await this.writer.delete(transaction, type, documentId, locale);
      await this.lifecycles.run('afterDelete', event);
    });
  }

  /** Publish, unpublish or discard the draft; answers the version the action leaves in front. */
  act(command: Command & { readonly documentId: string; readonly action: EditorialAction }): Promise<DocumentJson> {
    const { plan, documentId, action, locale } = command;
    const type = plan.root;
    if (!type.draftAndPublish) throw DomainError.notFound();
    return this.transactions.run(type, async (transaction) => {
      await this.documents.assertVisible(plan, documentId, transaction, locale);
      if (action === 'publish') await this.writer.publish(transaction, type, documentId, locale);
      if (action === 'unpublish') await this.writer.unpublish(transaction, type, documentId, locale);
      if (action === 'discard-draft') await this.writer.discardDraft(transaction, type, documentId, locale);
      return this.documents.written(plan, documentId, action === 'publish', undefined, transaction, locale);
    });
  }

  /** The data validated against the definition, with passwords hashed (only hashes are stored). */
  private async checked(type: ContentType, data: Record<string, unknown>, complete: boolean) {
    const componentOf = (uid: string) => this.registry.component(uid);
    return hashSecrets(validateInput(type, data, { complete, componentOf }), this.hasher);
  }

  /** PUT on a single type: its one document is created the first time, then updated. */
  async putSingle(command: DataCommand): Promise<DocumentJson> {
    const existing = await this.singleDocumentId(command.plan);
    return existing ? this.update({ ...command, documentId: existing }) : this.create(command);
  }

  async deleteSingle(command: Command): Promise<void> {
    const existing = await this.singleDocumentId(command.plan);
    if (!existing) throw DomainError.notFound();
    await this.delete({ ...command, documentId: existing });
  }

  /** The document of a single type, in whichever version exists, if the caller may touch it. */
  private async singleDocumentId(plan: AccessPlan): Promise<string | undefined> {
    const type: ContentType = plan.root;
    const query = this.documents.versionQuery(type, type.draftAndPublish ? 'draft' : 'published');
    const page = await this.reader.findMany(
      { ...query, pagination: { kind: 'page', page: 1, pageSize: 1, withCount: false } },
      plan.withRoot({ ...plan.rootAccess, fields: [] }),
    );
    return page.rows[0]?.document_id as string | undefined;
  }
}

/** Writing an attribute outside the caller's allow-list is refused, not silently dropped. */
function assertWritable(data: Record<string, unknown>, fields: 'all' | readonly string[]): void {
  if (fields === 'all') return;
  const forbidden = Object.keys(data).filter((key) => !fields.includes(key));
  if (forbidden.length > 0) throw DomainError.forbidden(`You may not write ${forbidden.join(', ')}`, 'FIELD_FORBIDDEN');
}
