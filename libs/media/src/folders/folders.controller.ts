import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDataResponse, ApiErrorResponses, DomainError } from '@cms/core';
import type { DocumentJson } from '@cms/content';
import { CurrentActor, type Actor } from '@cms/identity';
import { MediaFiles } from '../files/media-files.service';
import { UploadFile } from '../http/file.dto';
import { UploadService } from '../upload/upload.service';
import { CreateFolderDto, MoveFilesDto, RenameFolderDto, UploadFolder } from './folder.dto';
import { MediaFolders } from './folders.service';

const FOLDER_ID = new ParseIntPipe({ exceptionFactory: () => DomainError.notFound('No such folder') });

/** Folders of the media library, and moving files between them (Strapi's admin media library). */
@ApiTags('media')
@ApiBearerAuth('bearer')
@Controller('api/upload')
export class FoldersController {
  constructor(
    private readonly folders: MediaFolders,
    private readonly files: MediaFiles,
    private readonly uploads: UploadService,
  ) {}

  @Get('folders')
  @ApiOperation({ summary: 'List folders (filters, sort, pagination, populate: parent, children, files)' })
  @ApiDataResponse(UploadFolder, { list: true })
  @ApiErrorResponses({ 400: 'Invalid query', 403: 'Needs read on media' })
  async list(
    @Query() raw: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: DocumentJson[]; meta: { total?: number } }> {
    const { data, total } = await this.folders.list(raw, actor);
    return { data, meta: total === undefined ? {} : { total } };
  }

  @Get('folders/:id')
  @ApiOperation({ summary: 'One folder' })
  @ApiDataResponse(UploadFolder)
  @ApiErrorResponses({ 403: 'Needs read on media', 404: 'No such folder' })
  async findOne(@Param('id', FOLDER_ID) id: number, @CurrentActor() actor: Actor): Promise<{ data: DocumentJson }> {
    return { data: await this.folders.find(id, actor, 'read') };
  }

  @Post('folders')
  @ApiOperation({ summary: 'Create a folder' })
  @ApiDataResponse(UploadFolder, { status: 201 })
  @ApiErrorResponses({ 400: 'Invalid body', 403: 'Needs update on media', 404: 'No such parent folder' })
  async create(@Body() body: CreateFolderDto, @CurrentActor() actor: Actor): Promise<{ data: DocumentJson }> {
    await this.files.plan(actor, 'update');
    return { data: await this.folders.create(body.name, body.parent ?? null, actor) };
  }

  @Put('folders/:id')
  @ApiOperation({ summary: 'Rename a folder' })
  @ApiDataResponse(UploadFolder)
  @ApiErrorResponses({ 400: 'Invalid body', 403: 'Needs update on media', 404: 'No such folder' })
  async rename(
    @Param('id', FOLDER_ID) id: number,
    @Body() body: RenameFolderDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: DocumentJson }> {
    return { data: await this.folders.rename(id, body.name, actor) };
  }

  @Delete('folders/:id')
  @ApiOperation({ summary: 'Delete an empty folder' })
  @ApiDataResponse(UploadFolder, { description: 'The deleted folder' })
  @ApiErrorResponses({ 403: 'Needs delete on media', 404: 'No such folder', 409: 'The folder is not empty' })
  async delete(@Param('id', FOLDER_ID) id: number, @CurrentActor() actor: Actor): Promise<{ data: DocumentJson }> {
    return { data: await this.folders.remove(id, actor) };
  }

  @Post('actions/bulk-move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move files into a folder (or the root)' })
  @ApiDataResponse(UploadFile, { list: true, description: 'The moved files' })
  @ApiErrorResponses({ 400: 'Invalid body', 403: 'Needs update on media', 404: 'No such file or folder' })
  async move(
    @Body() body: MoveFilesDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: DocumentJson[]; meta: { total: number } }> {
    if (body.destinationFolderId !== null) await this.folders.find(body.destinationFolderId, actor, 'read');
    // Every file must be the caller's to update before any moves.
    const files = [];
    for (const id of new Set(body.fileIds)) files.push(await this.files.find(String(id), actor, 'update'));
    const moved = [];
    for (const file of files) {
      moved.push(await this.uploads.update(file.documentId as string, { folder: body.destinationFolderId }, actor));
    }
    return { data: moved, meta: { total: moved.length } };
  }
}
