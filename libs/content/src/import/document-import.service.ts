import { Injectable } from '@nestjs/common';
import { DomainError, type ValidationIssue } from '@cms/core';
import type { Actor } from '@cms/identity';
import { isComposed, isRelational, isToMany, SchemaRegistry, type ContentType } from '@cms/schema';
import type { AccessPlan } from '../access/access-plan';
import { AccessPlanner } from '../access/access-planner.service';
import { DocumentCommands } from '../commands/document-commands.service';
import { DocumentReader } from '../documents/document-reader.service';
import { DocumentService } from '../documents/document.service';
import type { ContentQuery, PopulateNode } from '../query/content-query';
import type { Row } from '../serialize/serialize-document';
import { validateInput } from '../validate/validate-input';
import { keyFilter } from './key-filter';
import { relatedByKey } from './related-by-key';
import { sameValues, withoutEntryIds } from './same-values';
import type { ImportRow } from './import-rows';

export interface ImportOptions {
  readonly actor: Actor;
  /** The caller's plans for creating and updating documents of the type (updates: none when it may not). */
  readonly create: AccessPlan;
  readonly update?: AccessPlan;
  /** The attribute that finds the document a row updates (unique); absent: `documentId`. */
  readonly key?: string;
  readonly publish: boolean;
  readonly locale?: string;
  /** Check and count, write nothing. */
  readonly dryRun: boolean;
  /** Write the valid rows even when others are not. */
  readonly skipInvalid: boolean;
  /** Hears, after each batch, how many rows the pass has been through (`total`: of the source, once counted). */
  readonly progress?: (pass: 'check' | 'write', rows: number, total?: number) => void;
}

export interface ImportIssue {
  readonly line: number;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface ImportReport {
  readonly dryRun: boolean;
  /** Whether anything was written: not on a dry run, nor when a row is invalid without skipInvalid. */
  readonly written: boolean;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly invalid: number;
  readonly issues: readonly ImportIssue[];
}

/** Rows read and written per batch: one lookup of their keys, one transaction for their creates. */
const BATCH = 500;
/** Issues listed at most (they are all counted). */
const MAX_ISSUES = 1000;
/** Keys of a row that are the document's, not its data. */
const SYSTEM_KEYS = ['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale', 'createdBy', 'updatedBy'];

type Planned =
  | {
      readonly line: number;
      readonly action: 'create';
      readonly data: Record<string, unknown>;
      readonly documentId?: string;
    }
  | {
      readonly line: number;
      readonly action: 'update';
      readonly data: Record<string, unknown>;
      readonly documentId: string;
    }
  | { readonly line: number; readonly action: 'unchanged' };

/**
 * Imports documents into a type through the command service (so validation, permissions and hooks
 * apply as to any write): each row creates a document, or updates the one its key finds (its
 * `documentId`, or a unique attribute), or changes nothing when it already holds the row's values,
 * so the same import twice writes nothing the second time. Every row is checked first, each
 * problem reported with its line and path; a source with an invalid row writes nothing unless
 * `skipInvalid`. Then batches are written: a batch's creates in one transaction (a row the
 * database refuses, a taken unique value or a missing related document, is then written alone and
 * reported by its line).
 */
@Injectable()
export class DocumentImport {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly planner: AccessPlanner,
    private readonly reader: DocumentReader,
    private readonly documents: DocumentService,
    private readonly commands: DocumentCommands,
  ) {}

  async run(type: ContentType, source: () => AsyncIterable<ImportRow>, options: ImportOptions): Promise<ImportReport> {
    if (options.key !== undefined) this.assertKey(type, options.key);
    const checked = await this.pass(type, source, options, false);
    if (options.dryRun || (checked.invalid > 0 && !options.skipInvalid)) {
      const { rows: _, ...counts } = checked;
      return { ...counts, written: false };
    }
    const written = await this.pass(type, source, options, true, checked.rows);
    const { rows: _, ...counts } = written;
    return {
      ...counts,
      invalid: checked.invalid + written.invalid,
      issues: [...checked.issues, ...written.issues].slice(0, MAX_ISSUES),
      written: true,
    };
  }

  /** One pass over the source, batch by batch: counting (and, when `write`, writing) what each row does. */
  private async pass(
    type: ContentType,
    source: () => AsyncIterable<ImportRow>,
    options: ImportOptions,
    write: boolean,
    total?: number,
  ): Promise<Omit<ImportReport, 'written'> & { rows: number }> {
    let rows = 0;
    const report = {
      dryRun: options.dryRun,
      created: 0,
      updated: 0,
      unchanged: 0,
      invalid: 0,
      issues: [] as ImportIssue[],
    };
    const issue = (line: number, path: readonly (string | number)[], message: string) => {
      report.invalid += 1;
      if (report.issues.length < MAX_ISSUES) report.issues.push({ line, path, message });
    };
    const seen = new Set<string>();
    let batch: ImportRow[] = [];
    const flush = async () => {
      // Rows in a locale of their own (a `locale` key, of a localized type) go with that locale's.
      for (const [named, group] of byLocale(type, batch, options.locale)) {
        let locale: string | undefined;
        try {
          locale = await this.documents.localeOf(type, named);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          // Reported once, when the rows are checked.
          if (!write) for (const row of group) issue(row.line, ['locale'], `no locale ${String(named)}`);
          continue;
        }
        const scoped = { ...options, ...(locale !== undefined ? { locale } : {}) };
        const planned = await this.plan(type, group, scoped, seen, write ? () => undefined : issue);
        const failed = write ? await this.write(type, planned, scoped, issue) : new Set<number>();
        for (const row of planned.filter(({ line }) => !failed.has(line)))
          report[row.action === 'create' ? 'created' : row.action === 'update' ? 'updated' : 'unchanged'] += 1;
      }
      rows += batch.length;
      options.progress?.(write ? 'write' : 'check', rows, total);
      batch = [];
    };
    for await (const row of source()) {
      batch.push(row);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return { ...report, rows };
  }

  /** What each row of a batch does, after checking it: invalid rows are reported and left out. */
  private async plan(
    type: ContentType,
    source: readonly ImportRow[],
    options: ImportOptions,
    seen: Set<string>,
    issue: (line: number, path: readonly (string | number)[], message: string) => void,
  ): Promise<Planned[]> {
    const rows = await relatedByKey(type, source, {
      reader: this.reader,
      documents: this.documents,
      // Found as the caller may see the target: a document it may not see is as missing as one that is not.
      planOf: (target) => {
        const access = options.create.reach(target);
        return this.planner.trusted(target).withRoot({ fields: 'all', condition: access ? access.condition : false });
      },
      typeOf: (name) => this.registry.get(name),
    });
    const keyOf = (data: Readonly<Record<string, unknown>>) => {
      const value = data[options.key ?? 'documentId'];
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    };
    const existing = await this.existing(
      type,
      rows.flatMap((row) => ('data' in row ? [keyOf(row.data)].filter((key) => key !== undefined) : [])),
      options,
    );
    const componentOf = (uid: string) => this.registry.component(uid);
    return rows.flatMap((row): Planned[] => {
      if ('error' in row) {
        issue(row.line, [], row.error);
        return [];
      }
      const key = keyOf(row.data);
      const once = `${options.locale ?? ''}#${key}`;
      if (key !== undefined && seen.has(once)) {
        issue(row.line, [options.key ?? 'documentId'], `${key} is in the source twice`);
        return [];
      }
      if (key !== undefined) seen.add(once);
      const data = withoutEntryIds(
        type,
        Object.fromEntries(Object.entries(row.data).filter(([name]) => !SYSTEM_KEYS.includes(name))),
        componentOf,
      );
      const stored = key === undefined ? undefined : existing.get(options.key === undefined ? key : key.toLowerCase());
      try {
        const input = validateInput(type, data, {
          complete: !stored && (!type.draftAndPublish || options.publish),
          componentOf,
        });
        if (!stored) {
          // A new document keeps the documentId the row names only for a caller who sees every
          // document of the type: for others, one it may not see must answer as one that is not.
          const documentId = options.key === undefined && seesAll(options) ? key : undefined;
          // A document that has other locales gains this one (an update adds a locale, as Strapi's PUT ?locale=).
          if (documentId && existing.documentIds.has(documentId))
            return [{ line: row.line, action: 'update', data, documentId }];
          return [{ line: row.line, action: 'create', data, ...(documentId ? { documentId } : {}) }];
        }
        if (sameValues(type, input, stored.row, stored.entries)) return [{ line: row.line, action: 'unchanged' }];
        return [{ line: row.line, action: 'update', data, documentId: String(stored.row.document_id) }];
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        for (const problem of issuesOf(error)) issue(row.line, problem.path, problem.message);
        return [];
      }
    });
  }

  /** The stored rows the keys find (of the version and locale written), with their entries and links. */
  private async existing(type: ContentType, keys: readonly string[], options: ImportOptions) {
    const found = Object.assign(new Map<string, { row: Row; entries: Record<string, unknown> }>(), {
      /** Of a localized type, the documentIds named that exist in any locale. */
      documentIds: new Set<string>(),
    });
    if (keys.length === 0) return found;
    // What the caller may update: a document it may not see is, to its import, one that does not exist.
    const plan = this.planner
      .trusted(type)
      .withRoot({ fields: 'all', condition: options.update ? options.update.rootAccess.condition : false });
    const status = type.draftAndPublish ? 'draft' : 'published';
    const base = this.documents.versionQuery(type, status, options.locale);
    const field = options.key ?? 'documentId';
    const query: ContentQuery = {
      ...base,
      filter: keyFilter(field, keys),
      pagination: { kind: 'page', page: 1, pageSize: keys.length, withCount: false },
      populate: comparedPopulate(type),
    };
    const page = await this.reader.findMany(query, plan);
    const documents = await this.documents.populated(page.rows, query, plan);
    if (type.localized && field === 'documentId') {
      const { locale: _, ...anyLocale } = { ...query, populate: [] };
      const all = await this.reader.findMany(
        { ...anyLocale, pagination: { kind: 'page', page: 1, pageSize: keys.length * 20, withCount: false } },
        plan,
      );
      for (const row of all.rows) found.documentIds.add(String(row.document_id));
    }
    page.rows.forEach((row, index) => {
      const key = field === 'documentId' ? String(row.document_id) : String(documents[index]![field]).toLowerCase();
      found.set(key, { row, entries: documents[index]! });
    });
    return found;
  }

  private async write(
    type: ContentType,
    planned: readonly Planned[],
    options: ImportOptions,
    issue: (line: number, path: readonly (string | number)[], message: string) => void,
  ): Promise<Set<number>> {
    const lines = new Set<number>();
    const failed = (line: number, error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      lines.add(line);
      for (const problem of issuesOf(error)) issue(line, problem.path, problem.message);
    };
    const { actor, publish } = options;
    const locale = options.locale === undefined ? {} : { locale: options.locale };
    const creates = planned.filter((row) => row.action === 'create');
    if (creates.length > 0) {
      const documents = creates.map((row) => ({
        data: row.data,
        ...(row.documentId ? { documentId: row.documentId } : {}),
      }));
      try {
        await this.commands.createMany({ actor, plan: options.create, documents, publish, ...locale });
      } catch {
        // One row spoilt the batch's transaction: each goes alone, and the one the database refuses is named.
        for (const [index, row] of creates.entries())
          await this.commands
            .createMany({ actor, plan: options.create, documents: [documents[index]!], publish, ...locale })
            .catch((error: unknown) => failed(row.line, error));
      }
    }
    for (const row of planned) {
      if (row.action !== 'update') continue;
      if (!options.update) {
        failed(row.line, DomainError.forbidden('You may not update documents of this type'));
        continue;
      }
      await this.commands
        .update({ actor, plan: options.update, documentId: row.documentId, data: row.data, publish, ...locale })
        .catch((error: unknown) => failed(row.line, error));
    }
    return lines;
  }

  private assertKey(type: ContentType, key: string): void {
    const attribute = type.attributes.find((candidate) => candidate.name === key);
    if (!attribute?.unique && attribute?.type !== 'uid')
      throw DomainError.validation('INVALID_IMPORT_KEY', `The key must be a unique attribute of ${type.singularName}`, [
        { path: ['key'], message: `${key} is not a unique attribute`, name: 'ValidationError' },
      ]);
  }
}

function seesAll(options: ImportOptions): boolean {
  return options.update !== undefined && options.update.rootAccess.condition === undefined;
}

/** A batch's rows by the locale they are written in: their own `locale`, else the import's. */
function byLocale(
  type: ContentType,
  rows: readonly ImportRow[],
  fallback: string | undefined,
): Map<string | undefined, ImportRow[]> {
  const groups = new Map<string | undefined, ImportRow[]>();
  for (const row of rows) {
    const own = type.localized && 'data' in row && typeof row.data.locale === 'string' ? row.data.locale : undefined;
    const locale = own ?? fallback;
    groups.set(locale, [...(groups.get(locale) ?? []), row]);
  }
  return groups;
}

function issuesOf(error: DomainError): readonly Pick<ValidationIssue, 'path' | 'message'>[] {
  const errors = (error.details as { errors?: ValidationIssue[] }).errors;
  // Paths start at the row, not at `data`.
  return errors && errors.length > 0
    ? errors.map((problem) => ({
        path: problem.path[0] === 'data' ? problem.path.slice(1) : problem.path,
        message: problem.message,
      }))
    : [{ path: [], message: error.message }];
}

/** What an update is compared with: the entries of every component and dynamic zone, and to-many links. */
function comparedPopulate(type: ContentType): PopulateNode[] {
  return type.attributes.flatMap((attribute): PopulateNode[] => {
    if (isComposed(attribute)) return [{ attribute: attribute.name, sort: [], populate: [], allowed: 'all' }];
    if (isRelational(attribute) && attribute.mappedBy === undefined && isToMany(attribute))
      return [{ attribute: attribute.name, fields: [], sort: [], populate: [] }];
    return [];
  });
}
