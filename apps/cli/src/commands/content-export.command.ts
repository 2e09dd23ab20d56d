import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AccessPlanner,
  DocumentExport,
  DocumentReader,
  DocumentService,
  EXPORT_FORMATS,
  type ExportFormat,
} from '@cms/content';
import { DomainError, parseQueryString } from '@cms/core';
import { SchemaRegistry, type ContentType } from '@cms/schema';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliOutput } from '../cli-output';
import { progress } from '../progress';

interface ContentExportOptions {
  readonly all?: boolean;
  readonly format: ExportFormat;
  readonly out?: string;
  readonly query?: string;
}

/**
 * Streams every document of a collection type (or of all of them) to a file, or to standard
 * output, in constant memory: the export of the Content API, as the server itself reads (every
 * field, draft or published as `--query status=draft` says).
 */
@Command({
  name: 'content:export',
  arguments: '[pluralName]',
  description: 'export a collection type (or --all) as ndjson, csv or json, to --out or standard output',
})
export class ContentExportCommand extends CommandRunner {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly planner: AccessPlanner,
    private readonly documents: DocumentService,
    private readonly exporter: DocumentExport,
    private readonly reader: DocumentReader,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([pluralName]: string[], options: ContentExportOptions): Promise<void> {
    const types = options.all ? this.registry.list().filter((type) => type.kind === 'collectionType') : [];
    if (!options.all) {
      const type = pluralName === undefined ? undefined : this.registry.collection(pluralName);
      if (!type) throw DomainError.notFound(`No collection type ${pluralName ?? ''}: name one, or --all`);
      types.push(type);
    }
    if (options.all && !options.out)
      throw DomainError.validation('OUT_REQUIRED', '--all writes files: give --out <folder>');
    for (const type of types) {
      const file = options.all ? join(options.out!, `${type.pluralName}.${options.format}`) : options.out;
      if (options.all) mkdirSync(options.out!, { recursive: true });
      const count = await this.export(type, options, file ? createWriteStream(file) : process.stdout);
      if (file) this.output.line(`exported ${count} ${type.pluralName} to ${file}`);
    }
  }

  private async export(type: ContentType, options: ContentExportOptions, target: Writable): Promise<number> {
    const plan = this.planner.trusted(type);
    const query = await this.documents.localized(type, this.documents.query(parseQueryString(options.query), plan));
    let count = 0;
    const shown = progress(`export ${type.pluralName}`);
    const counted = await this.reader.findMany(
      { ...query, pagination: { kind: 'page', page: 1, pageSize: 1, withCount: true } },
      plan,
    );
    const chunks = this.exporter.stream(options.format, query, plan, (documents) => {
      count = documents;
      shown.update(documents, counted.total);
    });
    await pipeline(Readable.from(chunks, { highWaterMark: 1 }), target, { end: target !== process.stdout }).finally(
      () => shown.stop(),
    );
    return count;
  }

  @Option({ flags: '--all', description: 'every collection type, a file each under --out' })
  parseAll(): boolean {
    return true;
  }

  @Option({ flags: '--format <format>', description: 'ndjson (default), csv or json', defaultValue: 'ndjson' })
  parseFormat(value: string): ExportFormat {
    if (!(EXPORT_FORMATS as readonly string[]).includes(value))
      throw new Error(`--format takes ${EXPORT_FORMATS.join(', ')}`);
    return value as ExportFormat;
  }

  @Option({ flags: '--out <path>', description: 'the file (or, with --all, the folder) to write' })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--query <query>',
    description: "the Content API's query string: 'filters[views][$gt]=10&status=draft&locale=fr&populate=*'",
  })
  parseQuery(value: string): string {
    return value;
  }
}
