import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import { backupFileName, BackupReader, BackupRestorer, BackupWriter, type BackupManifest } from '@cms/transfer';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliOutput } from '../cli-output';
import { progress } from '../progress';

interface JsonOption {
  readonly json?: boolean;
}

/** One line (or, with --json, the manifest) about an archive. */
function describe(output: CliOutput, verb: string, file: string, manifest: BackupManifest, json?: boolean): void {
  if (json) return output.line(JSON.stringify({ file, ...manifest }));
  const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  output.line(`${verb} ${file}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files} files`);
}

abstract class JsonCommand extends CommandRunner {
  @Option({ flags: '--json', description: 'print the manifest as JSON, without progress' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'backup:create',
  description: 'write a backup archive of the content, the system tables and the media files',
})
export class BackupCreateCommand extends JsonCommand {
  constructor(
    private readonly writer: BackupWriter,
    private readonly output: CliOutput,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async run(_args: string[], options: JsonOption & { out?: string; encrypt?: boolean }): Promise<void> {
    const out = options.out ?? join(this.config.backup.dir, backupFileName({ encrypt: options.encrypt }));
    if (!options.out) mkdirSync(this.config.backup.dir, { recursive: true });
    const shown = progress('backup', options);
    const manifest = await this.writer
      .create(out, { encrypt: options.encrypt === true, progress: (_step, done, total) => shown.update(done, total) })
      .finally(() => shown.stop());
    describe(this.output, 'wrote', out, manifest, options.json);
  }

  @Option({ flags: '--out <file>', description: 'the archive to write (default: BACKUP_DIR/cms-backup-<time>.tar.gz)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--encrypt', description: 'encrypt with AES-256-GCM under BACKUP_KEY' })
  parseEncrypt(): boolean {
    return true;
  }
}

@Command({
  name: 'backup:verify',
  arguments: '<file>',
  description: 'check every checksum and count of an archive, and that this version can read it',
})
export class BackupVerifyCommand extends JsonCommand {
  constructor(
    private readonly reader: BackupReader,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([file]: string[], options: JsonOption): Promise<void> {
    const { manifest } = await this.reader.verify(file!);
    describe(this.output, 'verified', file!, manifest, options.json);
  }
}

@Command({
  name: 'backup:restore',
  arguments: '<file>',
  description: 'restore an archive into this database (empty, unless --force), SQLite or MySQL alike',
})
export class BackupRestoreCommand extends JsonCommand {
  constructor(
    private readonly restorer: BackupRestorer,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([file]: string[], options: JsonOption & { force?: boolean }): Promise<void> {
    const shown = progress('restore', options);
    const manifest = await this.restorer
      .restore(file!, { force: options.force === true, progress: (_step, done, total) => shown.update(done, total) })
      .finally(() => shown.stop());
    describe(this.output, 'restored', file!, manifest, options.json);
  }

  @Option({ flags: '--force', description: 'restore over a database that holds content (its rows are replaced)' })
  parseForce(): boolean {
    return true;
  }
}
