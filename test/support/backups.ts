import { JobRunner } from '@cms/jobs';
import { DataSource } from 'typeorm';
import type { Session } from './auth';
import type { TestApp } from './test-app';

/** Runs due jobs until the backup job is finished; answers what `/admin/backups/jobs/:id` says of it. */
export async function finishedBackup(cms: TestApp, admin: Session, job: number): Promise<Record<string, unknown>> {
  for (let round = 0; round < 50; round += 1) {
    await cms.app.get(JobRunner).poll();
    const { body } = await cms
      .http()
      .get(`/admin/backups/jobs/${job}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    if (body.data.state !== 'pending' && body.data.state !== 'running') return body.data;
  }
  throw new Error('the backup job did not finish');
}

/** Makes the scheduled backup due `times` times, as the clock would, running it each time. */
export async function runScheduledBackups(cms: TestApp, times: number): Promise<void> {
  for (let run = 0; run < times; run += 1) {
    await cms.app
      .get(DataSource)
      .query("UPDATE cms_job_schedules SET next_run_at = '2000-01-01 03:00:00.000' WHERE name = 'backup.scheduled'");
    await cms.app.get(JobRunner).poll();
    await cms.app.get(JobRunner).poll();
    // Archive names carry the time to the millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
