import { SchemaRegistry, tableSpecsOf, type Dialect } from '@cms/schema';
import type { QueryRunner } from 'typeorm';

/**
 * The system tables a backup holds, parents first. Sessions, refresh tokens and password resets
 * are left out: they are credentials of the moment, not content (users sign in again).
 */
export const SYSTEM_TABLES = [
  'cms_settings',
  'cms_users',
  'cms_roles',
  'cms_permissions',
  'cms_user_roles',
  'cms_api_tokens',
  'cms_locales',
  'cms_content_types',
  'cms_schema_history',
  'cms_documents',
] as const;

/** The setting a restore marks the database with while it runs, and when it fails: never backed up. */
export const RESTORE_SETTING = 'backup.restore';

export interface BackedUpTable {
  readonly name: string;
  readonly primaryKey: readonly string[];
}

/** Every table a backup holds: the system tables, then each type's and component's, with their keys. */
export async function backedUpTables(
  runner: QueryRunner,
  registry: SchemaRegistry,
  dialect: Dialect,
): Promise<BackedUpTable[]> {
  const system = await Promise.all(
    SYSTEM_TABLES.map(async (name) => {
      const table = await runner.getTable(name);
      if (!table) throw new Error(`the system table ${name} is missing`);
      return { name, primaryKey: table.primaryColumns.map((column) => column.name) };
    }),
  );
  const content = registry
    .all()
    .flatMap((type) => tableSpecsOf(type, dialect))
    .map((spec) => ({
      name: spec.name,
      primaryKey: spec.columns.filter((column) => column.primary).map((column) => column.name),
    }));
  return [...system, ...content];
}
