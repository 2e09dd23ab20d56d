import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@cms/access';
import { ApiErrorResponses, DomainError } from '@cms/core';
import { JobRunner } from '@cms/jobs';
import {
  BACKUP_JOB,
  BACKUP_STORE,
  BackupJobs,
  BackupReader,
  BackupRestorer,
  type BackupFile,
  type BackupManifest,
  type BackupStore,
} from '@cms/transfer';

const SUBJECT = 'admin.backups';

/**
 * `/admin/backups`, behind `manage admin.backups`: start a backup (it runs in the background, as a
 * job whose progress can be watched), list the archives (of BACKUP_DIR or BACKUP_S3_BUCKET),
 * download, verify and restore one.
 */
@ApiTags('admin')
@Controller('admin/backups')
export class BackupsController {
  constructor(
    private readonly backups: BackupJobs,
    private readonly jobs: JobRunner,
    private readonly reader: BackupReader,
    private readonly restorer: BackupRestorer,
    @Inject(BACKUP_STORE) private readonly store: BackupStore,
  ) {}

  @Post()
  @HttpCode(202)
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Start a backup in the background: {"encrypt": true} encrypts it with BACKUP_KEY' })
  @ApiErrorResponses({ 400: 'Encryption asked for without BACKUP_KEY' })
  async create(@Body() body: unknown): Promise<{ data: { job: number; file: string } }> {
    const encrypt = (body as { encrypt?: unknown } | null)?.encrypt;
    if (encrypt !== undefined && typeof encrypt !== 'boolean')
      throw DomainError.invalid('INVALID_BODY', [
        { path: ['encrypt'], message: 'must be true or false', name: 'ValidationError' },
      ]);
    return { data: await this.backups.start(encrypt === true) };
  }

  @Get()
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'The archives (of BACKUP_DIR, or of BACKUP_S3_BUCKET), newest first' })
  async list(): Promise<{ data: BackupFile[]; meta: { total: number } }> {
    const data = await this.store.list();
    return { data, meta: { total: data.length } };
  }

  @Get('jobs/:id')
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'A backup job: its state (pending, running, done, failed), progress and error' })
  @ApiErrorResponses({ 404: 'No such backup job' })
  async job(@Param('id', ParseIntPipe) id: number) {
    const job = await this.jobs.job(id);
    if (!job || job.name !== BACKUP_JOB) throw DomainError.notFound(`No backup job ${id}`);
    const { file } = JSON.parse(job.payload) as { file: string };
    return {
      data: {
        id: job.id,
        file,
        state: job.state,
        progress: job.progress === null ? null : (JSON.parse(job.progress) as unknown),
        error: job.lastError,
        finishedAt: job.finishedAt,
      },
    };
  }

  @Get(':name/download')
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Download an archive' })
  @ApiErrorResponses({ 404: 'No such archive' })
  async download(@Param('name') name: string, @Res() response: Response): Promise<void> {
    const body = await this.store.read(name);
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    await pipeline(body, response);
  }

  @Post(':name/verify')
  @HttpCode(200)
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Check every checksum and count of an archive, and that this version reads it' })
  @ApiErrorResponses({ 400: 'The archive is damaged, or of a newer format', 404: 'No such archive' })
  async verify(@Param('name') name: string): Promise<{ data: BackupManifest }> {
    const { path, done } = await this.store.local(name);
    try {
      return { data: (await this.reader.verify(path)).manifest };
    } finally {
      await done();
    }
  }

  @Post(':name/restore')
  @HttpCode(200)
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Restore an archive into this database; instances should be restarted after it' })
  @ApiQuery({ name: 'force', required: false, description: 'true: restore over a database that holds content' })
  @ApiErrorResponses({ 400: 'The archive is damaged', 404: 'No such archive', 409: 'The database is not empty' })
  async restore(
    @Param('name') name: string,
    @Query('force') force: string | undefined,
  ): Promise<{ data: BackupManifest }> {
    const { path, done } = await this.store.local(name);
    try {
      return { data: await this.restorer.restore(path, { force: force === 'true' }) };
    } finally {
      await done();
    }
  }
}
