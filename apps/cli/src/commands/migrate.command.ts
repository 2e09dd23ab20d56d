import { runMigrations } from '@cms/core';
import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { CliOutput } from '../cli-output';

@Command({
  name: 'migrate',
  description: 'apply pending system-table migrations (the API also does this at start)',
})
export class MigrateCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    const applied = await runMigrations(this.dataSource);
    if (applied.length === 0) this.output.line('The database is up to date: no migration to apply.');
    for (const name of applied) this.output.line(`applied ${name}`);
  }
}
