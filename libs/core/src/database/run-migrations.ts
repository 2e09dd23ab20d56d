import { MigrationExecutor, type DataSource } from 'typeorm';
import { isMysqlFamily } from './detect-server-flavor';

const LOCK_NAME = 'cms_migrations';
const LOCK_WAIT_SECONDS = 60;

/**
 * Runs pending system-table migrations, one process at a time: instances may start together, so
 * a lock serializes them and the later ones find nothing left to do. MySQL has named locks; on
 * SQLite the migrations run inside one `BEGIN IMMEDIATE` transaction, which holds the write lock.
 * Returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  return isMysqlFamily(dataSource.options) ? runUnderNamedLock(dataSource) : runUnderWriteLock(dataSource);
}

async function runUnderNamedLock(dataSource: DataSource): Promise<string[]> {
  const lockHolder = dataSource.createQueryRunner();
  try {
    const [row] = await lockHolder.query('SELECT GET_LOCK(?, ?) AS acquired', [LOCK_NAME, LOCK_WAIT_SECONDS]);
    if (Number(row?.acquired) !== 1) {
      throw new Error(`another instance held the migration lock for over ${LOCK_WAIT_SECONDS} s`);
    }
    try {
      return names(await dataSource.runMigrations({ transaction: 'each' }));
    } finally {
      await lockHolder.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await lockHolder.release();
  }
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
