import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import { JobRunner, type RunningJob } from '@cms/jobs';
import { writingKey } from './archive-cipher';
import { backupFileName } from './backup-files';
import { BACKUP_STORE, type BackupStore } from './backup-store';
import { BackupWriter } from './backup-writer';

export const BACKUP_JOB = 'backup.create';
export const SCHEDULED_BACKUP_JOB = 'backup.scheduled';

/**
 * Backups as jobs: one started from the admin API runs in the background (its progress on the
 * job), and with BACKUP_SCHEDULE a scheduled one runs on whichever instance claims it, keeping
 * the newest BACKUP_KEEP scheduled archives in BACKUP_DIR.
 */
@Injectable()
export class BackupJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobRunner,
    private readonly writer: BackupWriter,
    @Inject(BACKUP_STORE) private readonly store: BackupStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      BACKUP_JOB,
      (payload, job) =>
        this.write(
          (payload as { file: string; encrypt: boolean }).file,
          (payload as { encrypt: boolean }).encrypt,
          job,
        ),
      // A backup is not retried: a failed one is reported, and started again by whoever wants it.
      { maxAttempts: 1, leaseMs: 6 * 3_600_000 },
    );
    this.jobs.register(
      SCHEDULED_BACKUP_JOB,
      async (_payload, job) => {
        await this.write(
          backupFileName({ scheduled: true, encrypt: this.config.backup.key !== undefined }),
          this.config.backup.key !== undefined,
          job,
        );
        await this.prune();
      },
      { maxAttempts: 2, leaseMs: 6 * 3_600_000 },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const { schedule } = this.config.backup;
    if (schedule) await this.jobs.schedule(SCHEDULED_BACKUP_JOB, schedule);
    else await this.jobs.unschedule(SCHEDULED_BACKUP_JOB);
  }

  /** Starts a backup in the background: the job to watch, and the archive it will write. */
  async start(encrypt: boolean): Promise<{ readonly job: number; readonly file: string }> {
    writingKey(this.config.backup.key, encrypt); // refused now, not in the background
    const file = backupFileName({ encrypt });
    return { job: await this.jobs.enqueue(BACKUP_JOB, { file, encrypt }), file };
  }

  /** Writes the archive in BACKUP_DIR, then keeps it in the store (there, or in the bucket). */
  private async write(file: string, encrypt: boolean, job: RunningJob): Promise<void> {
    mkdirSync(this.config.backup.dir, { recursive: true });
    const partial = join(this.config.backup.dir, `${file}.partial`);
    let last = 0;
    try {
      await this.writer.create(partial, {
        encrypt,
        progress: (step, done, total) => {
          if (Date.now() - last < 1_000 && done !== total) return;
          last = Date.now();
          void job.progress({ step, done, ...(total !== undefined ? { total } : {}) });
        },
      });
      await this.store.keep(partial, file);
    } finally {
      rmSync(partial, { force: true });
    }
  }

  /** Keeps the newest BACKUP_KEEP scheduled archives. */
  private async prune(): Promise<void> {
    const scheduled = (await this.store.list()).filter((file) => file.scheduled);
    for (const file of scheduled.slice(this.config.backup.keep)) await this.store.remove(file.name);
  }
}
