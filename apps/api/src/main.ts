import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, describeDatabaseError, loadConfig } from '@cms/core';
import { createApp } from './create-app';
import { heapGrowthFlag } from './heap-growth';

async function main(): Promise<void> {
  const heapFlag = heapGrowthFlag(process.execArgv);
  if (heapFlag) setFlagsFromString(heapFlag);
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
