import type { DataSource } from 'typeorm';
import { isMysqlFamily } from './detect-server-flavor';

const WAIT_SECONDS = 60;

/**
 * Runs `work` while holding a MySQL/MariaDB named lock, so that one instance at a time does it
 * (schema changes, migrations). On SQLite, one machine's processes share one file and `work`
 * simply runs; callers that need SQLite's write lock take it themselves.
 */
export async function withNamedLock<T>(dataSource: DataSource, name: string, work: () => Promise<T>): Promise<T> {
  if (!isMysqlFamily(dataSource.options)) return work();
  const lockHolder = dataSource.createQueryRunner();
  try {
    const [row] = await lockHolder.query('SELECT GET_LOCK(?, ?) AS acquired', [name, WAIT_SECONDS]);
    if (Number(row?.acquired) !== 1)
      throw new Error(`another instance held the ${name} lock for over ${WAIT_SECONDS} s`);
    try {
      return await work();
    } finally {
      await lockHolder.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await lockHolder.release();
  }
}
