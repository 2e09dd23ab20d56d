import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createConnection, type Connection } from 'mysql2/promise';
import type { ReplicationMode } from 'typeorm';
import { APP_CONFIG, type AppConfig, type MysqlEndpoint } from '../config';
import { isTransientDatabaseError } from './database-errors';

const onReplica = new AsyncLocalStorage<true>();

/** How often each replica is asked how far behind it is. */
const CHECK_INTERVAL_MS = 1_000;
/** mysql2's pool cluster when no replica is online, or none is left. */
const NO_REPLICA_CODES = new Set(['POOL_NONEONLINE', 'POOL_NOEXIST']);

/** The mode a query runner is made in: a replica's inside a replica read, the one asked for otherwise. */
export function routedMode(mode: ReplicationMode | undefined): ReplicationMode | undefined {
  return onReplica.getStore() ? 'slave' : mode;
}

/**
 * Sends reads to the replicas (`DATABASE_REPLICA_URLS`) when that is safe, and to the primary
 * otherwise: while any replica is unreachable, not replicating, or more than
 * DATABASE_REPLICA_MAX_LAG_MS behind, and for that long after a write to any type the read draws
 * on (announced by every instance), so that whoever wrote reads what they wrote. A read a replica
 * fails is read again on the primary. Writes and transactions never leave the primary.
 */
@Injectable()
export class ReplicaReads implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReplicaReads');
  private readonly lastWrites = new Map<string, number>();
  private readonly connections = new Map<number, Connection>();
  /** Seconds behind, per replica; null when it cannot say (unreachable, or not replicating). */
  private lags: (number | null)[] = [];
  private healthy = false;
  private monitor?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get endpoints(): readonly MysqlEndpoint[] {
    return this.config.replicas.endpoints;
  }

  /** True while reads may go to the replicas (for types not written of late). */
  get inUse(): boolean {
    return this.healthy;
  }

  /** The largest lag among the replicas, in seconds; null when one cannot say. */
  get maxLagSeconds(): number | null {
    return this.lags.some((lag) => lag === null) ? null : Math.max(0, ...(this.lags as number[]));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.endpoints.length === 0) return;
    await this.check();
    this.monitor = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.monitor.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.monitor);
    await Promise.all([...this.connections.values()].map((connection) => connection.end().catch(() => undefined)));
  }

  /** A write to `type` committed: its reads stay on the primary until every replica has it. */
  noteWrite(type: string): void {
    if (this.endpoints.length > 0) this.lastWrites.set(type, Date.now());
  }

  /** Runs a read that draws on `types` on a replica when that is safe, else on the primary. */
  async read<T>(types: readonly string[], work: () => Promise<T>): Promise<T> {
    if (!this.replicaMayAnswer(types)) return work();
    try {
      return await onReplica.run(true, work);
    } catch (error) {
      if (!isTransientDatabaseError(error) && !NO_REPLICA_CODES.has((error as { code?: string }).code ?? '')) {
        throw error;
      }
      return work();
    }
  }

  private replicaMayAnswer(types: readonly string[]): boolean {
    if (!this.healthy) return false;
    const since = Date.now() - this.config.replicas.maxLagMs;
    return types.every((type) => (this.lastWrites.get(type) ?? 0) < since);
  }

  private async check(): Promise<void> {
    this.lags = await Promise.all(this.endpoints.map((endpoint, index) => this.lagOf(endpoint, index)));
    const healthy = this.lags.every((lag) => lag !== null && lag * 1000 < this.config.replicas.maxLagMs);
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    if (healthy) this.logger.log('the replicas are caught up: reads go to them');
    else
      this.logger.warn(
        `a replica is unreachable or behind (lags: ${JSON.stringify(this.lags)}): reads go to the primary`,
      );
  }

  /** `Seconds_Behind_Master` (MariaDB) or `_Source` (MySQL); null when the replica cannot say. */
  private async lagOf(endpoint: MysqlEndpoint, index: number): Promise<number | null> {
    try {
      const connection = await this.connection(endpoint, index);
      const [rows] = await connection.query('SHOW REPLICA STATUS');
      const status = (rows as Record<string, unknown>[])[0];
      const lag = status?.Seconds_Behind_Master ?? status?.Seconds_Behind_Source;
      return lag === null || lag === undefined ? null : Number(lag);
    } catch {
      await this.connections
        .get(index)
        ?.end()
        .catch(() => undefined);
      this.connections.delete(index);
      return null;
    }
  }

  private async connection(endpoint: MysqlEndpoint, index: number): Promise<Connection> {
    let connection = this.connections.get(index);
    if (!connection) {
      connection = await createConnection({
        host: endpoint.host,
        port: endpoint.port,
        user: endpoint.user,
        password: endpoint.password,
        connectTimeout: CHECK_INTERVAL_MS,
      });
      connection.on('error', () => undefined);
      this.connections.set(index, connection);
    }
    return connection;
  }
}
