import { createReadStream, existsSync } from 'node:fs';
import { extname } from 'node:path';
import {
  AccessPlanner,
  DocumentImport,
  DocumentService,
  IMPORT_FORMATS,
  importRows,
  type ImportFormat,
} from '@cms/content';
import { DomainError } from '@cms/core';
import { PUBLIC_ACTOR } from '@cms/identity';
import { SchemaRegistry } from '@cms/schema';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliOutput } from '../cli-output';
import { progress } from '../progress';

interface ContentImportOptions {
  readonly type?: string;
  readonly format?: ImportFormat;
  readonly key?: string;
  readonly dryRun?: boolean;
  readonly skipInvalid?: boolean;
  readonly status?: 'draft' | 'published';
  readonly locale?: string;
  readonly json?: boolean;
}

/**
 * Imports a file of documents into a collection type through the command service, as the server
 * itself writes (every field, no permission asked): the report of `POST /api/:pluralName/import`,
 * with progress while it runs. Exits 1 when a row is invalid and nothing was written.
 */
@Command({
  name: 'content:import',
  arguments: '<file>',
  description: 'import a JSON, NDJSON or CSV file into a collection type (--type), creating or updating documents',
})
export class ContentImportCommand extends CommandRunner {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly planner: AccessPlanner,
    private readonly documents: DocumentService,
    private readonly importer: DocumentImport,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([file]: string[], options: ContentImportOptions): Promise<void> {
    const type = options.type === undefined ? undefined : this.registry.collection(options.type);
    if (!type) throw DomainError.notFound(`No collection type ${options.type ?? ''}: name it with --type <pluralName>`);
    if (!existsSync(file!)) throw DomainError.notFound(`No file ${file}`);
    const format = options.format ?? formatOf(file!);
    const plan = this.planner.trusted(type);
    const locale = await this.documents.localeOf(type, options.locale);
    const shown = progress(`import ${type.pluralName}`, options);
    const report = await this.importer
      .run(type, () => importRows(format, createReadStream(file!), type), {
        actor: PUBLIC_ACTOR,
        create: plan,
        update: plan,
        ...(options.key !== undefined ? { key: options.key } : {}),
        publish: options.status !== 'draft',
        ...(locale !== undefined ? { locale } : {}),
        dryRun: options.dryRun === true,
        skipInvalid: options.skipInvalid === true,
        progress: (pass, rows, total) => shown.update(rows, total),
      })
      .finally(() => shown.stop());
    if (options.json) this.output.line(JSON.stringify(report));
    else {
      const verb = report.dryRun ? 'would create' : 'created';
      this.output.line(
        `${verb} ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, invalid ${report.invalid}${report.written ? '' : ' (nothing written)'}`,
      );
      for (const issue of report.issues)
        this.output.line(
          `line ${issue.line}${issue.path.length > 0 ? ` ${issue.path.join('.')}` : ''}: ${issue.message}`,
        );
    }
    if (!report.written && !report.dryRun && report.invalid > 0) process.exitCode = 1;
  }

  @Option({ flags: '--type <pluralName>', description: 'the collection type to import into' })
  parseType(value: string): string {
    return value;
  }

  @Option({ flags: '--format <format>', description: 'json, ndjson or csv (default: by the file’s extension)' })
  parseFormat(value: string): ImportFormat {
    if (!(IMPORT_FORMATS as readonly string[]).includes(value))
      throw new Error(`--format takes ${IMPORT_FORMATS.join(', ')}`);
    return value as ImportFormat;
  }

  @Option({ flags: '--key <attribute>', description: 'a unique attribute that finds the document a row updates' })
  parseKey(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'check and count, write nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--skip-invalid', description: 'import the valid rows even when others are not' })
  parseSkipInvalid(): boolean {
    return true;
  }

  @Option({ flags: '--status <status>', description: 'draft: write drafts only (default: published)' })
  parseStatus(value: string): 'draft' | 'published' {
    if (value !== 'draft' && value !== 'published') throw new Error('--status takes draft or published');
    return value;
  }

  @Option({ flags: '--locale <code>', description: 'the locale written (of a localized type)' })
  parseLocale(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the report as JSON, without progress' })
  parseJson(): boolean {
    return true;
  }
}

function formatOf(file: string): ImportFormat {
  const extension = extname(file).slice(1).toLowerCase();
  return extension === 'csv' ? 'csv' : extension === 'ndjson' || extension === 'jsonl' ? 'ndjson' : 'json';
}
