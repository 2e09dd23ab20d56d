import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { jobEntities } from './job.entities';
import { JobRunner } from './job-runner.service';

/** The job runner: modules that have work to run later, or on a schedule, register it here. */
@Module({
  imports: [TypeOrmModule.forFeature(jobEntities)],
  providers: [JobRunner],
  exports: [JobRunner],
})
export class JobsModule {}
