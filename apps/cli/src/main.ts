import 'reflect-metadata';
import { ConfigError, describeDatabaseError, DomainError, loadConfig } from '@cms/core';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { StderrLogger } from './stderr-logger';

function fail(error: unknown): never {
  const line =
    error instanceof ConfigError
      ? error.message
      : error instanceof DomainError
        ? describeDomainError(error)
        : describeDatabaseError(error);
  process.stderr.write(`cms: ${line}\n`);
  process.exit(1);
}

function describeDomainError(error: DomainError): string {
  const issues = (error.details.errors as { path: unknown[]; message: string }[] | undefined) ?? [];
  const steps = (error.details.steps as string[] | undefined) ?? [];
  return [error.message, ...issues.map((issue) => `${issue.path.join('.')} ${issue.message}`), ...steps].join('; ');
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await CommandFactory.run(CliModule.forRoot(config), {
    cliName: 'cms',
    abortOnError: false,
    logger: new StderrLogger({ logLevels: ['error', 'warn'] }),
    serviceErrorHandler: fail,
    errorHandler: (error) => {
      // Commander already printed its message (or the help); only the exit code is left to set.
      process.exit((error as Error & { exitCode?: number }).exitCode ?? 1);
    },
  });
}

main().catch(fail);
