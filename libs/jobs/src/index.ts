export { JobsModule } from './jobs.module';
export { JobRunner, type JobHandler, type JobHandlerOptions, type RunningJob } from './job-runner.service';
export { JobEntity, JobScheduleEntity, jobEntities, type JobState } from './job.entities';
