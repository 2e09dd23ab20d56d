const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

const EXPLANATIONS: Record<string, string> = {
  ER_ACCESS_DENIED_ERROR: 'the server refused the user name or password',
  ER_BAD_DB_ERROR: 'the database does not exist; create it first (CREATE DATABASE ... CHARACTER SET utf8mb4)',
  ENOTFOUND: 'the host name does not resolve',
  SQLITE_CANTOPEN: 'the SQLite file cannot be opened or created',
  SQLITE_READONLY: 'the SQLite file is read-only',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True for failures worth retrying: the server is not there yet, or went away. */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = driverCodeOf(error);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** One line for an operator: what went wrong when reaching the database (never a password). */
export function describeDatabaseError(error: unknown): string {
  const code = codeOf(error);
  const explanation = code ? EXPLANATIONS[code] : undefined;
  if (explanation) return `${explanation} (${code})`;
  if (code && TRANSIENT_CODES.has(code)) return `the database server is unreachable (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'unknown error';
}

/** True for a duplicate key on a unique index: the database, not a prior check, decides uniqueness. */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCodeOf(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Conflicts between concurrent transactions that a retry resolves: InnoDB deadlocks and lock
 * timeouts, the auto-increment read InnoDB can fail on tables with a FULLTEXT index under
 * concurrent inserts, and a busy SQLite file.
 */
const RETRYABLE_WRITE_CODES = new Set([
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_AUTOINC_READ_FAILED',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
]);

export function isRetryableWriteConflict(error: unknown): boolean {
  const code = driverCodeOf(error);
  return code !== undefined && RETRYABLE_WRITE_CODES.has(code);
}

/** A row that names a parent which does not exist (any more): a foreign key refused it. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = driverCodeOf(error);
  return (
    code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
}

/** The driver's error code, whether TypeORM wrapped the error (QueryFailedError) or not. */
function driverCodeOf(error: unknown): string | undefined {
  return codeOf((error as { driverError?: unknown } | null)?.driverError) ?? codeOf(error);
}
