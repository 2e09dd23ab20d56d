import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { rm } from 'node:fs/promises';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrorResponses, DomainError } from '@cms/core';
import type { DocumentJson } from '@cms/content';
import { CurrentActor, type Actor } from '@cms/identity';
import type { Response } from 'express';
import { MediaFiles } from '../files/media-files.service';
import { parseFileInfos } from '../upload/file-info';
import { UploadService, type TempFile } from '../upload/upload.service';
import { FILE_INFO_SCHEMA, UploadFile, UploadFileFormat } from './file.dto';
import { UploadFilesInterceptor } from './upload-files.interceptor';

const FILE = { $ref: getSchemaPath(UploadFile) };
const QUERY_DESCRIPTION = 'Strapi query parameters: filters, sort, pagination (25 a page by default), fields, populate';

/** The media library's routes, answering as Strapi's upload plugin does (`@strapi/client`'s `files`). */
@ApiTags('media')
@ApiBearerAuth('bearer')
@ApiExtraModels(UploadFile, UploadFileFormat)
@Controller('api/upload')
export class UploadController {
  constructor(
    private readonly files: MediaFiles,
    private readonly uploads: UploadService,
  ) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(UploadFilesInterceptor)
  @ApiOperation({
    summary: 'Upload files, or with ?id= update one file’s metadata',
    description:
      'The type is judged from the bytes: a mismatch with the name or declared type, or a type not accepted, is 415. Images get thumbnail, small, medium and large variants (each also in WebP).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } }, fileInfo: FILE_INFO_SCHEMA },
    },
  })
  @ApiQuery({ name: 'id', required: false, description: 'Update this file’s fileInfo instead (no files then)' })
  @ApiResponse({ status: 201, description: 'The uploaded files', schema: { type: 'array', items: FILE } })
  @ApiResponse({ status: 200, description: 'With ?id=: the updated file', schema: FILE })
  @ApiErrorResponses({
    400: 'No files, too many files, or an invalid fileInfo',
    403: 'Needs upload (or update) on media',
    404: 'With ?id=: no such file',
    413: 'A file over UPLOAD_MAX_BYTES, or an image over 50 megapixels',
    415: 'A type not accepted, or one the name or declared type misstates',
  })
  async upload(
    @Query('id') id: string | undefined,
    @UploadedFiles() received: TempFile[] | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DocumentJson[] | DocumentJson> {
    const files = received ?? [];
    try {
      const unknown = Object.keys(body ?? {}).filter((key) => key !== 'fileInfo');
      if (unknown.length > 0)
        throw DomainError.validation(
          'UNKNOWN_FIELD',
          'The form takes files and fileInfo',
          unknown.map((key) => ({ path: [key], message: 'is not a form field', name: 'ValidationError' })),
        );
      const infos = parseFileInfos(body?.fileInfo);
      if (id === undefined) return await this.uploads.upload(files, infos, actor);
      if (files.length > 0 || infos.length !== 1)
        throw DomainError.validation('INVALID_UPDATE', 'Updating a file takes one fileInfo and no files', [
          {
            path: files.length > 0 ? ['files'] : ['fileInfo'],
            message: files.length > 0 ? 'cannot replace a file’s bytes: upload a new file' : 'is required',
            name: 'ValidationError',
          },
        ]);
      const file = await this.files.find(id, actor, 'update');
      response.status(200);
      return await this.uploads.update(file.documentId as string, infos[0]!, actor);
    } finally {
      await Promise.all(files.map((file) => rm(file.path, { force: true })));
    }
  }

  @Get('files')
  @ApiOperation({ summary: 'List files (a bare array, as Strapi answers)', description: QUERY_DESCRIPTION })
  @ApiResponse({ status: 200, description: 'The files', schema: { type: 'array', items: FILE } })
  @ApiErrorResponses({ 400: 'Invalid query', 403: 'Needs read on media' })
  list(@Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<DocumentJson[]> {
    return this.files.list(raw, actor);
  }

  @Get('files/:id')
  @ApiOperation({ summary: 'One file' })
  @ApiParam({ name: 'id', description: 'The file’s id' })
  @ApiResponse({ status: 200, description: 'The file', schema: FILE })
  @ApiErrorResponses({ 400: 'Invalid query', 403: 'Needs read on media', 404: 'No such file' })
  findOne(
    @Param('id') id: string,
    @Query() raw: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentJson> {
    return this.files.find(id, actor, 'read', raw);
  }

  @Delete('files/:id')
  @ApiOperation({ summary: 'Delete a file, its variants and its references from content' })
  @ApiParam({ name: 'id', description: 'The file’s id' })
  @ApiResponse({ status: 200, description: 'The deleted file', schema: FILE })
  @ApiErrorResponses({ 403: 'Needs delete on media', 404: 'No such file' })
  async delete(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<DocumentJson> {
    const file = await this.files.find(id, actor, 'delete');
    await this.uploads.remove(file, actor);
    return file;
  }
}
