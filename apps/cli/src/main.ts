import 'reflect-metadata';
import { ConfigError, describeDatabaseError, loadConfig } from '@cms/core';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

function fail(error: unknown): never {
  const line = error instanceof ConfigError ? error.message : describeDatabaseError(error);
  process.stderr.write(`cms: ${line}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await CommandFactory.run(CliModule.forRoot(config), {
    cliName: 'cms',
    abortOnError: false,
    logger: ['error', 'warn'],
    serviceErrorHandler: fail,
    errorHandler: (error) => {
      // Commander already printed its message (or the help); only the exit code is left to set.
      process.exit((error as Error & { exitCode?: number }).exitCode ?? 1);
    },
  });
}

main().catch(fail);
