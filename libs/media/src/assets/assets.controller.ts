import { feed, sendStream } from '../http/send-stream';
import { Controller, Get, Headers, Inject, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, DomainError } from '@cms/core';
import type { Response } from 'express';
import { MediaFiles } from '../files/media-files.service';
import { deliveryHeaders } from '../http/delivery-headers';
import { ACTIVE_STORAGE } from '../storage/storage.provider';
import type { StorageDriver } from '../storage/storage-driver';
import { imageJobs, openImage, render } from '../upload/image-variants';
import {
  ASSET_FITS,
  ASSET_FORMATS,
  ASSET_QUALITIES,
  ASSET_SIZES,
  outputFormat,
  parseTransformParams,
} from './transform-params';

const TRANSFORMABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif', 'image/tiff']);

/**
 * `/api/assets/:id`: an image resized and converted on the fly, within bounded sizes, rendered
 * once per variant and kept by the storage driver (under the file's hash, deleted with it).
 * Public like the file URLs themselves.
 */
@ApiTags('media')
@Controller('api/assets')
export class AssetsController {
  private readonly logger = new Logger('Assets');

  constructor(
    private readonly files: MediaFiles,
    @Inject(ACTIVE_STORAGE) private readonly storage: StorageDriver,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'An image resized and converted on the fly (cached, with ETag)' })
  @ApiParam({ name: 'id', description: 'The file’s id' })
  @ApiQuery({ name: 'width', required: false, schema: { type: 'integer', enum: [...ASSET_SIZES] } })
  @ApiQuery({ name: 'height', required: false, schema: { type: 'integer', enum: [...ASSET_SIZES] } })
  @ApiQuery({ name: 'fit', required: false, schema: { type: 'string', enum: [...ASSET_FITS], default: 'inside' } })
  @ApiQuery({
    name: 'format',
    required: false,
    description: 'auto: AVIF or WebP as the Accept header allows',
    schema: { type: 'string', enum: [...ASSET_FORMATS] },
  })
  @ApiQuery({ name: 'quality', required: false, schema: { type: 'integer', enum: ASSET_QUALITIES, default: 80 } })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/avif')
  @ApiResponse({
    status: 200,
    description: 'The image',
    content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match)' })
  @ApiErrorResponses({
    400: 'A parameter outside its set',
    404: 'No such file',
    415: 'Not an image that can be transformed',
  })
  async transform(
    @Param('id') id: string,
    @Query() raw: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const params = parseTransformParams(raw);
    const file = await this.files.public(id);
    const mime = file.mime as string;
    if (!TRANSFORMABLE.has(mime))
      throw new DomainError(
        'UnsupportedMediaTypeError',
        'NOT_TRANSFORMABLE',
        `Files of type ${mime} are not transformed`,
      );
    const format = outputFormat(params.format, accept, mime);
    const variant = `${params.width ?? 'w'}x${params.height ?? 'h'}_${params.fit}_q${params.quality}.${format}`;
    const key = `cache/${file.hash as string}/${variant}`;
    const etag = `"${file.hash as string}-${variant}"`;
    // Set only on answers that carry the image: an error must not be cached for a year.
    const headers = {
      ...deliveryHeaders(`image/${format}`),
      ETag: etag,
      ...(params.format === 'auto' ? { Vary: 'Accept' } : {}),
    };
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
      response.set(headers).status(304).end();
      return;
    }
    const cached = await this.storage.get(key);
    if (cached) {
      response.set(headers).type(`image/${format}`).set('Content-Length', String(cached.size));
      await sendStream(cached.body, response, this.logger);
      return;
    }
    const original = await this.storage.get(`${file.hash as string}${file.ext as string}`);
    if (!original) throw DomainError.notFound('The file’s bytes are missing');
    const image = await imageJobs(async () => {
      const pipeline = (await openImage()).rotate();
      feed(original.body, pipeline);
      const sized =
        params.width || params.height
          ? pipeline.resize({ width: params.width, height: params.height, fit: params.fit, withoutEnlargement: true })
          : pipeline;
      return render(sized, format, params.quality);
    });
    await this.storage
      .put(key, image.data, { mime: image.mime })
      .catch((error: unknown) => this.logger.warn({ err: error, key }, 'could not cache a transformed image'));
    response.set(headers).type(image.mime).send(image.data);
  }
}
