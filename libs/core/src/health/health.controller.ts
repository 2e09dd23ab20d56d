import { Controller, Get, Logger } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DomainError } from '../errors';
import { ApiErrorResponses } from '../http/openapi-responses';
import { DatabaseHealthIndicator } from './database.health';
import { ShutdownDrain } from './shutdown-drain';

const DATABASE_PING_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');
  private lastReady = true;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly drain: ShutdownDrain,
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
    if (this.drain.active) {
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

  private noteReadiness(ready: boolean): void {
    if (ready === this.lastReady) return;
    this.lastReady = ready;
    if (ready) this.logger.log('the database answers again: ready');
    else this.logger.warn('the database is unreachable: not ready');
  }
}
