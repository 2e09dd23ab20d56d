import type { ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type Env } from '@cms/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../apps/api/src/create-app';
import { LogCapture } from './log-capture';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-of-at-least-thirty-two-bytes';
export const TEST_ADMIN = { email: 'admin@test.local', password: 'admin password 1234' } as const;

export interface TestAppOptions {
  /** Environment variables on top of the test defaults (NODE_ENV=test, a fresh database). */
  readonly env?: Env;
  readonly extensions?: ModuleMetadata['imports'];
  /** Reuse a database instead of creating a fresh one (it is then not dropped on close). */
  readonly database?: TestDatabase;
}

export interface TestApp {
  readonly app: NestExpressApplication;
  /** DATA_DIR of this app: the mail outbox is under it. */
  readonly dataDir: string;
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
  const dataDir = mkdtempSync(join(tmpdir(), 'cms-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    // The project's own ./schema (the demo blog) stays out of suites that define their own types.
    SCHEMA_DIR: mkdtempSync(join(tmpdir(), 'cms-schema-none-')),
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...options.env,
  });
  let app: NestExpressApplication | undefined;
  try {
    app = await createApp({ config, extensions: options.extensions, logDestination: logs });
    await app.init();
  } catch (error) {
    await app?.close().catch(() => undefined);
    if (!options.database) await database.drop();
    throw error;
  }
  const started = app;
  return {
    app: started,
    dataDir,
    database,
    logs,
    http: () => request(started.getHttpServer()),
    close: async () => {
      await started.close();
      if (!options.database) await database.drop();
    },
  };
}
