import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config';
import { isMysqlFamily, onStatement, ReplicaReads } from '../database';
import { InvalidationBus } from '../cache/invalidation-bus';

/** Set by MetricsModule: whether this app serves `/metrics` (the API does; the CLI does not). */
export const METRICS_SERVED = Symbol('METRICS_SERVED');

/**
 * The instance's Prometheus metrics (prom-client), one registry per app: process metrics, HTTP
 * requests by route template, method and status, statement durations and pool use; other libs add
 * their own (the read cache, the job runner) through `counter` and `gauge`. Served at `/metrics` to
 * a bearer of METRICS_TOKEN, or on METRICS_PORT, and never otherwise.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'cms_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: 'cms_http_request_duration_seconds',
    help: 'HTTP request durations, by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private server?: Server;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS_SERVED) private readonly served: boolean,
    bus: InvalidationBus,
    replicas: ReplicaReads,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'cms_' });
    const statements = new Histogram({
      name: 'cms_db_statement_duration_seconds',
      help: 'SQL statement durations',
      labelNames: ['pool'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    onStatement(dataSource, (seconds, pool) => statements.observe({ pool }, seconds));
    if (isMysqlFamily(dataSource.options)) this.poolGauges(dataSource);
    if (config.replicas.endpoints.length > 0) {
      this.gauge('cms_db_replicas_in_use', 'Reads may go to the replicas (1), or all go to the primary (0)', () =>
        replicas.inUse ? 1 : 0,
      );
      this.gauge(
        'cms_db_replica_lag_seconds',
        'The largest replica lag; -1 when a replica cannot say',
        () => replicas.maxLagSeconds ?? -1,
      );
    }
    if (config.redisUrl) {
      this.gauge('cms_redis_connected', 'Redis answers (1), or the instance runs on its fallbacks (0)', () =>
        bus.shared ? 1 : 0,
      );
    }
  }

  /** A counter of this app's registry. */
  counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }

  /** A gauge read when scraped. */
  gauge(name: string, help: string, collect: () => number | Promise<number>): Gauge {
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await collect());
      },
    });
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const labels = { route, method, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  /** Whether a request may read the metrics: a bearer of METRICS_TOKEN. */
  allows(authorization: string | undefined): boolean {
    const token = this.config.metrics.token;
    if (!token || !authorization?.startsWith('Bearer ')) return false;
    const given = Buffer.from(authorization.slice('Bearer '.length));
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metrics.port;
    if (!this.served || port === undefined) return;
    this.server = createServer((request, response) => {
      if (request.url !== '/metrics') return void response.writeHead(404).end();
      void this.registry.metrics().then((text) => {
        response.writeHead(200, { 'Content-Type': this.registry.contentType });
        response.end(text);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, resolve));
    this.logger.log(`metrics on port ${port}`);
  }

  async onModuleDestroy(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** mysql2's pools (the primary's, and each replica's): connections in use, idle, and requests waiting for one. */
  private poolGauges(dataSource: DataSource): void {
    type Pool = Record<string, { length: number } | undefined>;
    const driver = dataSource.driver as unknown as {
      pool?: Pool;
      poolCluster?: { _nodes: Record<string, { pool: Pool }> };
    };
    const pools = (): [string, Pool][] =>
      driver.poolCluster
        ? Object.entries(driver.poolCluster._nodes).map(([id, node]) => [
            id === 'MASTER' ? 'primary' : `replica${id.slice('SLAVE'.length)}`,
            node.pool,
          ])
        : [['primary', driver.pool ?? {}]];
    const connections = new Gauge({
      name: 'cms_db_pool_connections',
      help: 'Database pool connections: in use, idle, and requests waiting for one',
      labelNames: ['pool', 'state'],
      registers: [this.registry],
      collect() {
        for (const [name, pool] of pools()) {
          const size = (key: string) => pool[key]?.length ?? 0;
          const all = size('_allConnections');
          const idle = size('_freeConnections');
          this.set({ pool: name, state: 'in_use' }, all - idle);
          this.set({ pool: name, state: 'idle' }, idle);
          this.set({ pool: name, state: 'waiting' }, size('_connectionQueue'));
        }
      },
    });
    void connections;
  }
}
