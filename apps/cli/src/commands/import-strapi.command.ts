import { StrapiImporter } from '@cms/transfer';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliOutput } from '../cli-output';
import { progress } from '../progress';

/** `cms import:strapi <archive>`: a Strapi 5 export (`strapi export --no-encrypt`) into this CMS. */
@Command({
  name: 'import:strapi',
  arguments: '<archive>',
  description:
    'import an archive of `strapi export --no-encrypt`: types, components, documents, locales, relations, files',
})
export class ImportStrapiCommand extends CommandRunner {
  constructor(
    private readonly importer: StrapiImporter,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([archive]: string[], options: { json?: boolean }): Promise<void> {
    const shown = progress('import:strapi', options);
    const report = await this.importer
      .run(archive!, (_step, done, total) => shown.update(done, total))
      .finally(() => shown.stop());
    if (options.json) return this.output.line(JSON.stringify(report));
    this.output.line(
      `imported from Strapi ${report.strapiVersion ?? '(version unknown)'}: ${report.types} types, ${report.components} components, ${report.documents} documents (${report.locales.join(', ') || 'no locale'}), ${report.relations} relations, ${report.files} files`,
    );
    for (const skipped of report.skipped) this.output.line(`not carried: ${skipped.what}: ${skipped.reason}`);
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }
}
