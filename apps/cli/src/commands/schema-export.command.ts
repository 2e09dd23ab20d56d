import { SchemaRegistry, writeDefinitionFiles } from '@cms/schema';
import { Command, CommandRunner } from 'nest-commander';
import { CliOutput } from '../cli-output';

@Command({
  name: 'schema:export',
  arguments: '<dir>',
  description: 'write every content-type definition in force as <dir>/<name>.json',
})
export class SchemaExportCommand extends CommandRunner {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([dir]: string[]): Promise<void> {
    const files = writeDefinitionFiles(
      dir!,
      [...this.registry.components(), ...this.registry.list()].map((type) => ({
        singularName: type.singularName,
        definition: this.registry.definitionOf(type.singularName),
      })),
    );
    this.output.line(`wrote ${files.length} definition(s) to ${dir}`);
  }
}
