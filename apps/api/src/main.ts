import 'reflect-metadata';
import { ConfigError, describeDatabaseError, loadConfig } from '@cms/core';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp({ config });
  app.enableShutdownHooks();
  await app.listen(config.port);
}

main().catch((error: unknown) => {
  const line = error instanceof ConfigError ? error.message : `cannot start: ${describeDatabaseError(error)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
