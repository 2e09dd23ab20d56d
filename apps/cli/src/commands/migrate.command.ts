import { MigrationReport } from '@cms/core';
import { Command, CommandRunner } from 'nest-commander';
import { CliOutput } from '../cli-output';

@Command({
  name: 'migrate',
  description: 'apply pending system-table migrations (the API also does this at start)',
})
export class MigrateCommand extends CommandRunner {
  constructor(
    private readonly report: MigrationReport,
    private readonly output: CliOutput,
  ) {
    super();
  }

  /** Every command starts by migrating (under a lock); this one says what that did. */
  async run(): Promise<void> {
    const applied = this.report.applied;
    if (applied.length === 0) this.output.line('The database is up to date: no migration to apply.');
    for (const name of applied) this.output.line(`applied ${name}`);
  }
}
