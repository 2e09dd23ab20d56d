import 'reflect-metadata';
import { accessEntities } from '@cms/access';
import { buildDataSourceOptions, loadConfig, SettingEntity } from '@cms/core';
import { identityEntities } from '@cms/identity';
import { migrations } from '@cms/migrations';
import { schemaEntities } from '@cms/schema';
import { DataSource } from 'typeorm';

/** Every system entity: what `migration:generate` compares the database with. */
export const systemEntities = [SettingEntity, ...identityEntities, ...accessEntities, ...schemaEntities];

/**
 * The DataSource of the TypeORM CLI (`npm run typeorm -- migration:run`), on DATABASE_URL like the
 * app. Migrations are written with the QueryRunner table API, not raw SQL, so that one migration
 * serves MySQL/MariaDB and SQLite: use `migration:generate --dryrun` to see what changed, then
 * write it that way.
 */
export default new DataSource(
  buildDataSourceOptions(loadConfig(process.env).database, { entities: systemEntities, migrations }),
);
