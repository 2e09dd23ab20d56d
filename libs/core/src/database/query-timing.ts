import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import { routedMode } from './replica-reads';

/** What one request asked of the database: how many statements, and how long they took. */
export interface QueryTiming {
  statements: number;
  databaseMs: number;
}

const timings = new AsyncLocalStorage<QueryTiming>();

/** Which servers a statement ran on. */
export type Pool = 'primary' | 'replica';
type StatementListener = (seconds: number, pool: Pool) => void;

/** Who hears every statement's duration, per data source (the metrics). */
const listeners = new WeakMap<DataSource, StatementListener[]>();

export function onStatement(dataSource: DataSource, listener: StatementListener): void {
  listeners.set(dataSource, [...(listeners.get(dataSource) ?? []), listener]);
}

/** Runs `work` (a request) with its own statement count. */
export function withQueryTiming<T>(work: () => T): T {
  return timings.run({ statements: 0, databaseMs: 0 }, work);
}

/** The current request's count, if it is being counted. */
export function currentQueryTiming(): QueryTiming | undefined {
  return timings.getStore();
}

/**
 * Counts and times every statement: each query runner the data source makes reports its queries
 * to the request that runs them (TypeORM's logger sees statements, not their durations). Runners
 * made inside a replica read are made for the replicas.
 */
export function instrumentQueries(dataSource: DataSource): void {
  const driver = dataSource.driver;
  const create = driver.createQueryRunner.bind(driver);
  // SQLite hands out one shared runner: wrap each runner once.
  const instrumented = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (requested) => {
    const mode = routedMode(requested);
    const pool: Pool = mode === 'slave' && dataSource.driver.isReplicated ? 'replica' : 'primary';
    const runner: QueryRunner = create(mode ?? 'master');
    if (instrumented.has(runner)) return runner;
    instrumented.add(runner);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    (runner as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      const timing = timings.getStore();
      const heard = listeners.get(dataSource);
      if (!timing && !heard) return query(...args);
      const started = performance.now();
      try {
        return await query(...args);
      } finally {
        const ms = performance.now() - started;
        if (timing) {
          timing.statements += 1;
          timing.databaseMs += ms;
        }
        for (const listener of heard ?? []) listener(ms / 1000, pool);
      }
    };
    return runner;
  };
}
