import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Inject, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../config';
import { DomainError } from '../errors';
import { ApiErrorResponses } from '../http/openapi-responses';
import { DatabaseHealthIndicator } from './database.health';

const DATABASE_PING_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Health');
  private draining = false;
  private lastReady = true;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependency is checked)' })
  @ApiOkResponse({ description: 'Alive', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The instance can serve traffic: its database answers and it is not shutting down' })
  @ApiOkResponse({
    description: 'Ready',
    schema: { example: { status: 'ok', checks: { database: { status: 'up' } } } },
  })
  @ApiErrorResponses({ 503: 'Not ready: the database is unreachable, or the instance is draining' })
  async ready(): Promise<{ status: 'ok'; checks: HealthIndicatorResult }> {
    if (this.draining) {
      throw new DomainError('ServiceUnavailableError', 'SHUTTING_DOWN', 'The instance is shutting down');
    }
    try {
      const result = await this.health.check([() => this.database.ping('database', DATABASE_PING_TIMEOUT_MS)]);
      this.noteReadiness(true);
      return { status: 'ok', checks: result.details };
    } catch {
      this.noteReadiness(false);
      throw new DomainError('ServiceUnavailableError', 'DATABASE_UNREACHABLE', 'The database is unreachable', {
        checks: { database: { status: 'down' } },
      });
    }
  }

  /** Answers 503 for a while before the server closes, so a load balancer stops sending traffic first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    await sleep(this.config.shutdownDrainMs);
  }

  private noteReadiness(ready: boolean): void {
    if (ready === this.lastReady) return;
    this.lastReady = ready;
    if (ready) this.logger.log('the database answers again: ready');
    else this.logger.warn('the database is unreachable: not ready');
  }
}
