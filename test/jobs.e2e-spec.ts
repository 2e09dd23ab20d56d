import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobRunner, JobsModule } from '@cms/jobs';
import { DataSource } from 'typeorm';
import { queryDatabase } from './support/query-database';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';

/** What each instance ran, by job name, in order. */
const runs = new Map<string, { instance: string; job: number }[]>();
let failuresLeft = 0;

@Injectable()
class Workers implements OnModuleInit {
  constructor(private readonly jobs: JobRunner) {}

  onModuleInit(): void {
    for (const name of ['count', 'tick'])
      this.jobs.register(name, async (_payload, job) => {
        runs.set(name, [...(runs.get(name) ?? []), { instance: this.jobs.instance, job: job.id }]);
        await new Promise((resolve) => setTimeout(resolve, 5));
      });
    this.jobs.register(
      'flaky',
      async () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('not yet');
        }
      },
      { maxAttempts: 2 },
    );
  }
}

@Module({ imports: [JobsModule], providers: [Workers] })
class WorkersModule {}

/** libs/jobs: two instances on one database run a due job once, retries, schedules. */
describe('the job runner', () => {
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  const runner = (cms: TestApp) => cms.app.get(JobRunner);
  /** Moves a job or schedule in time, as the clock would. */
  const sql = (text: string) => first.app.get(DataSource).query(text);
  const both = () =>
    Promise.all([runner(first).poll(), runner(second).poll(), runner(first).poll(), runner(second).poll()]);

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startTestApp({ database, extensions: [WorkersModule] });
    second = await startTestApp({ database, extensions: [WorkersModule] });
  });

  afterAll(async () => {
    await first.close();
    await second.close();
    await database.drop();
  });

  it('runs each due job once, whichever instance claims it', async () => {
    const ids = [];
    for (let index = 0; index < 20; index += 1) ids.push(await runner(first).enqueue('count', { index }));
    for (let round = 0; round < 10 && (runs.get('count')?.length ?? 0) < 20; round += 1) await both();
    const ran = runs.get('count')!;
    expect(ran.map((run) => run.job).sort((a, b) => a - b)).toEqual(ids);
    const states = await queryDatabase(database.url, "SELECT state, attempts FROM cms_jobs WHERE name = 'count'");
    expect(states.every((row) => row.state === 'done' && Number(row.attempts) === 1)).toBe(true);
  });

  it('retries a failing job with backoff, and fails it for good after its attempts', async () => {
    failuresLeft = 1;
    const retried = await runner(first).enqueue('flaky');
    await both();
    expect(await runner(first).job(retried)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'not yet' });
    // The backoff has it wait: made due now, it runs again and succeeds.
    await sql(`UPDATE cms_jobs SET run_at = '2000-01-01 00:00:00.000' WHERE id = ${retried}`);
    await first.app.get(JobRunner).poll();
    expect(await runner(first).job(retried)).toMatchObject({ state: 'done', attempts: 2 });
    failuresLeft = 5;
    const doomed = await runner(first).enqueue('flaky');
    await both();
    await sql(`UPDATE cms_jobs SET run_at = '2000-01-01 00:00:00.000' WHERE id = ${doomed}`);
    await both();
    expect(await runner(first).job(doomed)).toMatchObject({ state: 'failed', attempts: 2, lastError: 'not yet' });
  });

  it('enqueues a due scheduled run once, from whichever instance sees it first', async () => {
    await runner(first).schedule('tick', '0 3 * * *');
    await sql("UPDATE cms_job_schedules SET next_run_at = '2000-01-01 03:00:00.000' WHERE name = 'tick'");
    await both();
    await both();
    expect(runs.get('tick')).toHaveLength(1);
    const [schedule] = await queryDatabase(
      database.url,
      "SELECT next_run_at, last_run_at FROM cms_job_schedules WHERE name = 'tick'",
    );
    expect(schedule).toMatchObject({
      last_run_at: '2000-01-01 03:00:00.000',
      next_run_at: expect.stringMatching(/ 03:00:00\.000$/),
    });
  });
});
