import { isRetryableWriteConflict, isUniqueViolation } from './database-errors';

describe('database errors', () => {
  it('retries deadlocks, lock timeouts, failed auto-increment reads and a busy SQLite file, nothing else', () => {
    const failure = (code: string) => Object.assign(new Error(code), { driverError: { code } });
    for (const code of ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_AUTOINC_READ_FAILED', 'SQLITE_BUSY'])
      expect(isRetryableWriteConflict(failure(code))).toBe(true);
    for (const code of ['ER_DUP_ENTRY', 'ER_NO_SUCH_TABLE', 'SQLITE_CONSTRAINT_UNIQUE'])
      expect(isRetryableWriteConflict(failure(code))).toBe(false);
    expect(isRetryableWriteConflict(new Error('plain'))).toBe(false);
    expect(isUniqueViolation(failure('ER_DUP_ENTRY'))).toBe(true);
  });
});
