export {
  buildDataSourceOptions,
  MIGRATIONS_TABLE,
  type EntityList,
  type MigrationList,
  type SystemSchema,
} from './data-source-options';
export {
  describeDatabaseError,
  isForeignKeyViolation,
  isRetryableWriteConflict,
  isTransientDatabaseError,
  isUniqueViolation,
} from './database-errors';
export { DatabaseModule, MigrationReport, type DatabaseModuleOptions } from './database.module';
export { runMigrations } from './run-migrations';
export { isMysqlFamily, withDetectedServerFlavor } from './detect-server-flavor';
export { withNamedLock } from './named-lock';
export { currentQueryTiming, onStatement, withQueryTiming, type QueryTiming } from './query-timing';
export { ReplicaReads } from './replica-reads';
export { sqlTimestamp } from './sql-timestamp';
