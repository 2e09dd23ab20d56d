import type { ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type Env } from '@cms/core';
import request from 'supertest';
import { createApp } from '../../apps/api/src/create-app';
import { LogCapture } from './log-capture';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestAppOptions {
  /** Environment variables on top of the test defaults (NODE_ENV=test, a fresh database). */
  readonly env?: Env;
  readonly extensions?: ModuleMetadata['imports'];
  /** Reuse a database instead of creating a fresh one (it is then not dropped on close). */
  readonly database?: TestDatabase;
}

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly database: TestDatabase;
  readonly logs: LogCapture;
  /** supertest bound to the app's HTTP server. */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Boots the real API through the same `createApp` as `main.ts`, on a fresh database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: database.url, ...options.env });
  let app: NestExpressApplication;
  try {
    app = await createApp({ config, extensions: options.extensions, logDestination: logs });
    await app.init();
  } catch (error) {
    if (!options.database) await database.drop();
    throw error;
  }
  return {
    app,
    database,
    logs,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
