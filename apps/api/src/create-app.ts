import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttp, TimedExpressAdapter } from '@cms/core';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { setupOpenApi } from './openapi';

export type CreateAppOptions = AppModuleOptions;

/**
 * Builds the API application, ready to `listen()`: the one bootstrap used by `main.ts` and by the
 * end-to-end tests alike. Pending migrations run while it connects.
 */
export async function createApp(options: CreateAppOptions): Promise<NestExpressApplication> {
  const adapter = new TimedExpressAdapter(options.config.http);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), adapter, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  configureHttp(app, options.config);
  setupOpenApi(app);
  return app;
}
