import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronExpressionParser } from 'cron-parser';
import { DomainError, MetricsService, sqlTimestamp } from '@cms/core';
import { Brackets, In, type DataSource } from 'typeorm';
import { JobEntity, JobScheduleEntity } from './job.entities';

export interface JobHandlerOptions {
  /** Runs tried before the job fails for good (default 3). */
  readonly maxAttempts?: number;
  /** How long a claim holds (default 10 minutes): past it, another instance may take the job over. */
  readonly leaseMs?: number;
}

export interface RunningJob {
  readonly id: number;
  readonly attempt: number;
  /** Records how far the job is (shown by `job()`); kept short, JSON. */
  readonly progress: (progress: Readonly<Record<string, unknown>>) => Promise<void>;
}

export type JobHandler = (payload: unknown, job: RunningJob) => Promise<void>;

const POLL_MS = 1_000;
const BACKOFF_MS = 5_000;
const CLAIMS_PER_POLL = 5;

/**
 * Jobs over two tables, safe with any number of instances on one database: a job is claimed by an
 * UPDATE that only one instance can win (the row must still be pending, or its claim lapsed), run
 * by the handler its name is registered with here, retried with exponential backoff, and left
 * `failed` with its last error after `maxAttempts`. A schedule (cron, UTC) enqueues its run from the
 * instance whose UPDATE moves its next time on, so a due run is enqueued once. SQLite (one writer)
 * and MySQL/MariaDB take the same statements; no SKIP LOCKED is needed, since the claim is one row's
 * compare-and-set.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobRunner');
  private readonly handlers = new Map<string, { handler: JobHandler; options: JobHandlerOptions }>();
  /** Who claims: this instance, for as long as it runs. */
  readonly instance = `${hostname().slice(0, 40)}-${randomBytes(4).toString('hex')}`;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: MetricsService,
  ) {
    const due = () =>
      this.dataSource
        .getRepository(JobEntity)
        .createQueryBuilder('job')
        .select('COUNT(*)', 'count')
        .addSelect('MIN(job.runAt)', 'oldest')
        .where("job.state = 'pending' AND job.runAt <= :now", { now: sqlTimestamp(new Date()) })
        .getRawOne<{ count: string | number; oldest: string | null }>();
    // Both gauges are read in one scrape: one query answers them.
    let asked: { at: number; answer: ReturnType<typeof due> } | undefined;
    const pending = () => {
      if (!asked || Date.now() - asked.at > 1_000) asked = { at: Date.now(), answer: due() };
      return asked.answer;
    };
    metrics.gauge('cms_jobs_due', 'Jobs due and not yet claimed', async () => Number((await pending())?.count ?? 0));
    metrics.gauge('cms_jobs_oldest_due_age_seconds', 'How long the oldest due job has waited', async () => {
      const oldest = (await pending())?.oldest;
      return oldest ? Math.max(0, (Date.now() - Date.parse(`${oldest.replace(' ', 'T')}Z`)) / 1000) : 0;
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.polling;
  }

  /** What runs jobs of `name` on this instance. */
  register(name: string, handler: JobHandler, options: JobHandlerOptions = {}): void {
    this.handlers.set(name, { handler, options });
  }

  async enqueue(
    name: string,
    payload: unknown = {},
    options: { readonly runAt?: Date; readonly maxAttempts?: number } = {},
  ) {
    const job = await this.dataSource.getRepository(JobEntity).save({
      name,
      payload: JSON.stringify(payload),
      state: 'pending' as const,
      runAt: sqlTimestamp(options.runAt ?? new Date()),
      maxAttempts: options.maxAttempts ?? this.handlers.get(name)?.options.maxAttempts ?? 3,
    });
    return job.id;
  }

  /** Runs `name` on a cron schedule (UTC), from whichever instance gets there first; a new cron replaces the old. */
  async schedule(name: string, cron: string): Promise<void> {
    const next = nextRun(cron, new Date());
    const schedules = this.dataSource.getRepository(JobScheduleEntity);
    const existing = await schedules.findOneBy({ name });
    if (existing?.cron === cron) return;
    await schedules.save({ name, cron, nextRunAt: sqlTimestamp(next), lastRunAt: existing?.lastRunAt ?? null });
  }

  async unschedule(name: string): Promise<void> {
    await this.dataSource.getRepository(JobScheduleEntity).delete({ name });
  }

  async job(id: number): Promise<JobEntity | null> {
    return this.dataSource.getRepository(JobEntity).findOneBy({ id });
  }

  /** One round: enqueue the due schedules' runs, then claim and run what is due. */
  poll(): Promise<void> {
    if (this.stopped || this.polling) return this.polling ?? Promise.resolve();
    this.polling = this.round()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'the job round failed'))
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async round(): Promise<void> {
    const now = new Date();
    await this.enqueueDue(now);
    if (this.handlers.size === 0) return;
    const jobs = this.dataSource.getRepository(JobEntity);
    const due = await jobs
      .createQueryBuilder('job')
      .select(['job.id'])
      .where({ name: In([...this.handlers.keys()]) })
      .andWhere(
        new Brackets((where) =>
          where
            .where("job.state = 'pending' AND job.runAt <= :now", { now: sqlTimestamp(now) })
            .orWhere("job.state = 'running' AND job.lockedUntil < :now", { now: sqlTimestamp(now) }),
        ),
      )
      .orderBy('job.runAt', 'ASC')
      .limit(CLAIMS_PER_POLL)
      .getMany();
    for (const { id } of due) {
      if (this.stopped) return;
      const claimed = await this.claim(id, now);
      if (claimed) await this.run(claimed);
    }
  }

  private async enqueueDue(now: Date): Promise<void> {
    const schedules = this.dataSource.getRepository(JobScheduleEntity);
    const due = await schedules
      .createQueryBuilder('schedule')
      .where('schedule.nextRunAt <= :now', { now: sqlTimestamp(now) })
      .getMany();
    for (const schedule of due) {
      const moved = await schedules
        .createQueryBuilder()
        .update()
        .set({ nextRunAt: sqlTimestamp(nextRun(schedule.cron, now)), lastRunAt: schedule.nextRunAt })
        .where('name = :name AND next_run_at = :seen', { name: schedule.name, seen: schedule.nextRunAt })
        .execute();
      if (moved.affected === 1) await this.enqueue(schedule.name, { scheduledFor: schedule.nextRunAt });
    }
  }

  /** The job, if this instance's UPDATE won it. */
  private async claim(id: number, now: Date): Promise<JobEntity | undefined> {
    const lease = this.handlers.get((await this.job(id))?.name ?? '')?.options.leaseMs ?? 600_000;
    const result = await this.dataSource
      .getRepository(JobEntity)
      .createQueryBuilder()
      .update()
      .set({
        state: 'running',
        lockedBy: this.instance,
        lockedUntil: sqlTimestamp(new Date(now.getTime() + lease)),
        attempts: () => 'attempts + 1',
      })
      .where("id = :id AND ((state = 'pending' AND run_at <= :now) OR (state = 'running' AND locked_until < :now))", {
        id,
        now: sqlTimestamp(now),
      })
      .execute();
    return result.affected === 1 ? ((await this.job(id)) ?? undefined) : undefined;
  }

  private async run(job: JobEntity): Promise<void> {
    const jobs = this.dataSource.getRepository(JobEntity);
    const { handler } = this.handlers.get(job.name)!;
    try {
      const progress = async (value: Readonly<Record<string, unknown>>) => {
        await jobs.update({ id: job.id }, { progress: JSON.stringify(value).slice(0, 200) });
      };
      await handler(JSON.parse(job.payload) as unknown, { id: job.id, attempt: job.attempts, progress });
      await jobs.update(
        { id: job.id, lockedBy: this.instance },
        { state: 'done', finishedAt: sqlTimestamp(new Date()), lastError: null },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const again = job.attempts < job.maxAttempts;
      this.logger.warn(
        { err: error, job: job.id, name: job.name },
        again ? 'a job failed: it will be retried' : 'a job failed for good',
      );
      await jobs.update(
        { id: job.id, lockedBy: this.instance },
        again
          ? {
              state: 'pending',
              lockedBy: null,
              lockedUntil: null,
              lastError: message,
              runAt: sqlTimestamp(new Date(Date.now() + BACKOFF_MS * 2 ** (job.attempts - 1))),
            }
          : { state: 'failed', lastError: message, finishedAt: sqlTimestamp(new Date()) },
      );
    }
  }
}

function nextRun(cron: string, after: Date): Date {
  try {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: 'UTC' }).next().toDate();
  } catch (error) {
    throw DomainError.validation('INVALID_CRON', `Not a cron expression: ${cron} (${(error as Error).message})`);
  }
}
