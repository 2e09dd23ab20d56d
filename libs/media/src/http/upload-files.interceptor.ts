import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { MEDIA_SUBJECT, PolicyService } from '@cms/access';
import { APP_CONFIG, DomainError, type AppConfig } from '@cms/core';
import { PUBLIC_ACTOR, type Actor } from '@cms/identity';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { Observable } from 'rxjs';

/** Form fields besides the files: `fileInfo` (one or one per file) and nothing large. */
const FIELD_LIMITS = { fields: 50, fieldSize: 64 * 1024, fieldNameSize: 100, headerPairs: 200 };

/**
 * Reads `POST /api/upload`'s multipart body into temporary files, with every multer limit set,
 * only after the caller is known to be allowed (`upload`, or `update` with `?id=`): nobody fills
 * the disk without the permission. Limits answer as the contract says: size 413, count 400.
 */
@Injectable()
export class UploadFilesInterceptor implements NestInterceptor {
  private readonly multer: ReturnType<typeof multer>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
  ) {
    const directory = join(config.dataDir, 'tmp', 'uploads');
    mkdirSync(directory, { recursive: true });
    this.multer = multer({
      storage: multer.diskStorage({
        destination: directory,
        filename: (_request, _file, done) => done(null, randomBytes(16).toString('hex')),
      }),
      limits: {
        ...FIELD_LIMITS,
        fileSize: config.media.maxBytes,
        files: config.media.maxFiles,
        parts: config.media.maxFiles + FIELD_LIMITS.fields,
      },
    });
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: Actor }>();
    const action = request.query.id === undefined ? 'upload' : 'update';
    const decision = await this.policy.decide(request.user ?? PUBLIC_ACTOR, action, MEDIA_SUBJECT);
    if (!decision.allowed) throw DomainError.forbidden(`Not allowed: ${action} on ${MEDIA_SUBJECT}`);
    await new Promise<void>((resolve, reject) => {
      this.multer.array('files', this.config.media.maxFiles)(request, http.getResponse<Response>(), (error: unknown) =>
        error ? reject(this.translate(error)) : resolve(),
      );
    });
    return next.handle();
  }

  private translate(error: unknown): unknown {
    if (!(error instanceof MulterError)) {
      const message = error instanceof Error ? error.message : '';
      return /multipart|boundary|unexpected end|malformed/i.test(message)
        ? DomainError.validation('MALFORMED_MULTIPART', 'The multipart body is malformed')
        : error;
    }
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return new DomainError(
          'PayloadTooLargeError',
          'FILE_TOO_LARGE',
          `Files are limited to ${this.config.media.maxBytes} bytes (UPLOAD_MAX_BYTES)`,
        );
      case 'LIMIT_FILE_COUNT':
        return this.tooMany();
      case 'LIMIT_UNEXPECTED_FILE':
        return error.field === 'files'
          ? this.tooMany()
          : DomainError.validation('UNEXPECTED_FIELD', 'Send files in the "files" field', [
              { path: [error.field ?? 'files'], message: 'is not a file field', name: 'ValidationError' },
            ]);
      default:
        return DomainError.validation('INVALID_MULTIPART', `Invalid multipart body: ${error.message}`);
    }
  }

  private tooMany(): DomainError {
    return DomainError.validation('TOO_MANY_FILES', `At most ${this.config.media.maxFiles} files per request`, [
      { path: ['files'], message: `at most ${this.config.media.maxFiles} files`, name: 'ValidationError' },
    ]);
  }
}
