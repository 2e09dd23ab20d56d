import { MigrationExecutor, type DataSource } from 'typeorm';
import { isMysqlFamily } from './detect-server-flavor';
import { withNamedLock } from './named-lock';

const LOCK_NAME = 'cms_migrations';

/**
 * Runs pending system-table migrations, one process at a time: instances may start together, so
 * a lock serializes them and the later ones find nothing left to do. MySQL has named locks; on
 * SQLite the migrations run inside one `BEGIN IMMEDIATE` transaction, which holds the write lock.
 * Returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (!isMysqlFamily(dataSource.options)) return runUnderWriteLock(dataSource);
  return withNamedLock(dataSource, LOCK_NAME, async () =>
    names(await dataSource.runMigrations({ transaction: 'each' })),
  );
}

async function runUnderWriteLock(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.query('BEGIN IMMEDIATE');
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'none';
      const applied = await executor.executePendingMigrations();
      await queryRunner.query('COMMIT');
      return names(applied);
    } catch (error) {
      await queryRunner.query('ROLLBACK');
      throw error;
    }
  } finally {
    await queryRunner.release();
  }
}

function names(migrations: { name: string }[]): string[] {
  return migrations.map((migration) => migration.name);
}
