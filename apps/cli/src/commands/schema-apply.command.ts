import { readDefinitionFiles, SchemaRegistry } from '@cms/schema';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliOutput } from '../cli-output';

interface SchemaApplyOptions {
  readonly allowDestructive?: boolean;
}

@Command({
  name: 'schema:apply',
  arguments: '<dir>',
  description: 'apply the content-type definitions of a folder (<name>.json files or a Strapi src/api tree)',
})
export class SchemaApplyCommand extends CommandRunner {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([dir]: string[], options: SchemaApplyOptions): Promise<void> {
    const files = readDefinitionFiles(dir!);
    const changes = await this.registry.put(
      files.map((file) => file.definition),
      'upsert',
      { confirmed: options.allowDestructive === true, actorId: null },
    );
    if (changes.length === 0) this.output.line(`Nothing to change: ${files.length} definition(s) already in force.`);
    for (const change of changes) {
      this.output.line(`${change.action} ${change.singularName}`);
      for (const step of change.steps) this.output.line(`  ${step}`);
    }
  }

  @Option({
    flags: '--allow-destructive',
    description: 'apply changes that lose data (dropping attributes, narrowing columns)',
  })
  parseAllowDestructive(): boolean {
    return true;
  }
}
