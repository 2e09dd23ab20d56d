import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './support/columns';

/** The job runner's queue and schedules (libs/jobs). */
export class Jobs1764720000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'cms_jobs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'payload', type: 'text' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'run_at', type: 'varchar', length: '23' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'max_attempts', type: 'integer', default: 3 },
          { name: 'locked_by', type: 'varchar', length: '64', isNullable: true },
          { name: 'locked_until', type: 'varchar', length: '23', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'progress', type: 'varchar', length: '200', isNullable: true },
          { name: 'finished_at', type: 'varchar', length: '23', isNullable: true },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
      }),
    );
    await queryRunner.createIndex(
      'cms_jobs',
      new TableIndex({ name: 'ix_cms_jobs_due', columnNames: ['state', 'run_at'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_job_schedules',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'cron', type: 'varchar', length: '100' },
          { name: 'next_run_at', type: 'varchar', length: '23' },
          { name: 'last_run_at', type: 'varchar', length: '23', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('cms_job_schedules');
    await queryRunner.dropTable('cms_jobs');
  }
}
