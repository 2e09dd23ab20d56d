import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type JobState = 'pending' | 'running' | 'done' | 'failed';

/** One run of a job: claimed by one instance at a time, retried with backoff until it succeeds or gives up. */
@Entity('cms_jobs')
@Index('ix_cms_jobs_due', ['state', 'runAt'])
export class JobEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** JSON. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: JobState;

  /** When it may run: UTC `YYYY-MM-DD HH:MM:SS.sss`, compared as text on every database. */
  @Column({ name: 'run_at', type: 'varchar', length: 23 })
  runAt!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'integer', default: 3 })
  maxAttempts!: number;

  @Column({ name: 'locked_by', type: 'varchar', length: 64, nullable: true })
  lockedBy!: string | null;

  /** A claim lapses then: an instance that died mid-run leaves the job to another. */
  @Column({ name: 'locked_until', type: 'varchar', length: 23, nullable: true })
  lockedUntil!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** What the handler last said of how far it is (JSON), for whoever watches. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  progress!: string | null;

  @Column({ name: 'finished_at', type: 'varchar', length: 23, nullable: true })
  finishedAt!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/** A recurring job: the instance that moves `nextRunAt` on enqueues the run, once. */
@Entity('cms_job_schedules')
export class JobScheduleEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  cron!: string;

  @Column({ name: 'next_run_at', type: 'varchar', length: 23 })
  nextRunAt!: string;

  @Column({ name: 'last_run_at', type: 'varchar', length: 23, nullable: true })
  lastRunAt!: string | null;
}

export const jobEntities = [JobEntity, JobScheduleEntity];
