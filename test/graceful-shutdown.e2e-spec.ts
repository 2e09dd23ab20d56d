import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';

const SLOW_REQUEST_MS = 700;

@Controller('test-slow')
class SlowController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async slow(): Promise<{ answer: number }> {
    await sleep(SLOW_REQUEST_MS);
    // Still able to use the database: the pool closes only after in-flight requests end.
    const [row] = await this.dataSource.query('SELECT 41 + 1 AS answer');
    return { answer: Number(row.answer) };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

describe('graceful shutdown', () => {
  let cms: TestApp;
  let base: string;

  beforeEach(async () => {
    cms = await startTestApp({ extensions: [SlowModule], env: { SHUTDOWN_DRAIN_MS: '400' } });
    await cms.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(cms.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterEach(() => cms.database.drop());

  it('lets an in-flight request finish, with its database work, before closing', async () => {
    const inFlight = request(base).get('/test-slow');
    const answered = inFlight.then((response) => response);
    await sleep(100);
    const closed = cms.app.close();
    const response = await answered;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ answer: 42 });
    await closed;
    expect(cms.app.get(DataSource).isInitialized).toBe(false);
    await expect(request(base).get('/health/live')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers ready with 503 while it drains, and other routes still work', async () => {
    const closed = cms.app.close();
    await sleep(100);
    const ready = await request(base).get('/health/ready').expect(503);
    expect(ready.body.error).toMatchObject({ status: 503, name: 'ServiceUnavailableError' });
    await request(base).get('/health/live').expect(200);
    await closed;
  });
});
