import { Controller, Get, Inject, Logger, Param, Res } from '@nestjs/common';
import { resolve } from 'node:path';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '@cms/core';
import type { Response } from 'express';
import { lookup } from 'mime-types';
import { LocalStorage } from '../storage/local-storage';
import { ACTIVE_STORAGE } from '../storage/storage.provider';
import { STORAGE_KEY, type StorageDriver } from '../storage/storage-driver';
import { deliveryHeaders } from './delivery-headers';
import { sendStream } from './send-stream';

/**
 * `/uploads/<key>`: the bytes of local files (Strapi's URLs for its local provider). Keys are
 * immutable, so responses are cached for a year; nothing is ever rendered as a page of ours.
 */
@ApiExcludeController()
@Controller('uploads')
export class UploadsController {
  private readonly logger = new Logger('Uploads');

  constructor(@Inject(ACTIVE_STORAGE) private readonly storage: StorageDriver) {}

  @Get(':key')
  async serve(@Param('key') key: string, @Res() response: Response): Promise<void> {
    if (!STORAGE_KEY.test(key) || key.startsWith('cache')) throw DomainError.notFound();
    const mime = lookup(key) || 'application/octet-stream';
    // Set only on success: a 404 must not be cached for a year.
    const headers = deliveryHeaders(mime);
    const storage = this.storage;
    if (storage instanceof LocalStorage) {
      // sendFile answers ranges (video), ETags and HEAD from the file itself.
      const path = resolve(storage.pathOf(key));
      await new Promise<void>((done, fail) =>
        response.sendFile(path, { lastModified: false, headers }, (error) =>
          error && !response.headersSent ? fail(toNotFound(error)) : done(),
        ),
      );
      return;
    }
    const object = await storage.get(key);
    if (!object) throw DomainError.notFound();
    response.set(headers).set('Content-Length', String(object.size)).type(mime);
    await sendStream(object.body, response, this.logger);
  }
}

function toNotFound(error: Error & { status?: number }): Error {
  return error.status === 404 ? DomainError.notFound() : error;
}
