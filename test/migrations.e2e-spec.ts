import { MIGRATIONS_TABLE, runMigrations, SettingsService } from '@cms/core';
import { migrations } from '@cms/migrations';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app';

describe('system-table migrations', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp();
  });

  afterAll(() => cms.close());

  it('run while the API starts, each recorded once', async () => {
    const dataSource = cms.app.get(DataSource);
    const rows: { name: string }[] = await dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
    expect(rows.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
  });

  it('leave nothing for the entities to want: the schema matches them exactly', async () => {
    const dataSource = cms.app.get(DataSource);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('find nothing left to do a second time', async () => {
    await expect(runMigrations(cms.app.get(DataSource))).resolves.toEqual([]);
  });

  it('create tables the services use', async () => {
    const settings = cms.app.get(SettingsService);
    await settings.set('probe', { answer: 42 });
    await settings.set('probe', { answer: 43 });
    await expect(settings.get('probe')).resolves.toEqual({ answer: 43 });
    await expect(settings.get('missing')).resolves.toBeUndefined();
  });
});
