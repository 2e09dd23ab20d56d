import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, isForeignKeyViolation, isRetryableWriteConflict, isUniqueViolation } from '@cms/core';
import { columnNameOf, type ContentType } from '@cms/schema';
import type { DataSource, EntityManager } from 'typeorm';
import { ReadCache } from '../cache/read-cache.service';
import { KnownDocuments } from '../documents/known-documents';

/** Tries of a write that meets a conflict with a concurrent one (deadlock, lock wait, busy file). */
export const WRITE_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 4;
const BACKOFF_MAX_MS = 250;

/** Full jitter: a random wait up to an exponentially growing bound, so retries spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

/**
 * The one transaction-and-retry wrapper every document write runs in. A conflict with a
 * concurrent writer rolls the transaction back whole, so it runs again after a jittered backoff;
 * a duplicate on a unique index is a 409 naming the attribute; a link to a document deleted since
 * this instance saw it runs again with every link looked up. Once it commits, cached answers that
 * drew on the type are forgotten on every instance.
 *
 * Writers rarely meet: link rows go in one statement in key order, and a new row's links are not
 * read or deleted first (a DELETE of nothing still locks the gap it looked at, which is where
 * concurrent creates with to-many links deadlocked).
 */
@Injectable()
export class WriteTransactions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ReadCache,
    private readonly known: KnownDocuments,
  ) {}

  async run<T>(type: ContentType, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await this.dataSource.transaction(work);
        await this.cache.changed(type);
        return result;
      } catch (error) {
        if (isUniqueViolation(error)) throw uniqueConflict(type, error);
        const again = attempt < WRITE_ATTEMPTS;
        if (isRetryableWriteConflict(error) && again) {
          await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
          continue;
        }
        if (!isForeignKeyViolation(error)) throw error;
        if (!again) throw DomainError.validation('UNKNOWN_RELATION_TARGET', 'Related documents not found');
        // A linked document this instance knew of is gone: look every link up this time.
        this.known.forgetAll();
      }
    }
  }
}

/** A duplicate on a unique index, as a 409 that names the attribute. */
export function uniqueConflict(type: ContentType, error: unknown): DomainError {
  const text = String((error as { message?: string }).message ?? '');
  const attribute = type.attributes.find((candidate) => {
    const column = columnNameOf(candidate);
    return (
      text.includes(`uq_${type.tableName}_${column}_`) ||
      text.includes(`${type.tableName}.${column},`) ||
      text.includes(`${type.tableName}.${column}`)
    );
  });
  const path = attribute ? ['data', attribute.name] : ['data'];
  return DomainError.conflict('UNIQUE_VALUE_TAKEN', 'This value is already taken', {
    errors: [{ path, message: 'must be unique', name: 'ConflictError' }],
  });
}
