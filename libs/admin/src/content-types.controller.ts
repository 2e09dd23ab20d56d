import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@cms/access';
import { ApiDataResponse, ApiErrorResponses, DomainError } from '@cms/core';
import { CurrentActor, userIdOf, type Actor } from '@cms/identity';
import { SchemaRegistry, type AppliedChange } from '@cms/schema';

const SUBJECT = 'admin.content-types';

export class ContentTypeViewDto {
  @ApiProperty({ example: 'api::article.article' }) uid!: string;
  @ApiProperty({ example: 'article' }) apiID!: string;
  @ApiProperty({ example: 'articles' }) pluralName!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The definition, in Strapi’s schema.json shape',
  })
  schema!: Record<string, unknown>;
}

export class AppliedContentTypeDto extends ContentTypeViewDto {
  @ApiProperty({ type: [String], description: 'The database changes made' }) changes!: string[];
}

const DEFINITION_BODY = {
  description: 'A content-type definition in the shape of a Strapi v5 schema.json',
  schema: {
    type: 'object',
    required: ['info', 'attributes'],
    properties: {
      kind: { type: 'string', enum: ['collectionType', 'singleType'] },
      collectionName: { type: 'string' },
      info: {
        type: 'object',
        required: ['singularName', 'pluralName', 'displayName'],
        properties: {
          singularName: { type: 'string' },
          pluralName: { type: 'string' },
          displayName: { type: 'string' },
        },
      },
      options: { type: 'object', additionalProperties: true },
      pluginOptions: { type: 'object', additionalProperties: true },
      attributes: { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } },
    },
  },
};

@ApiTags('admin')
@Controller('admin/content-types')
export class ContentTypesController {
  constructor(private readonly registry: SchemaRegistry) {}

  @Get()
  @ApiOperation({ summary: 'List the content types' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(ContentTypeViewDto, { list: true })
  list(): { data: ContentTypeViewDto[]; meta: { total: number } } {
    const data = this.registry.list().map((type) => this.view(type.singularName));
    return { data, meta: { total: data.length } };
  }

  @Get(':singularName')
  @ApiOperation({ summary: 'One content type’s definition' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(ContentTypeViewDto)
  @ApiErrorResponses({ 404: 'No such content type' })
  get(@Param('singularName') singularName: string): { data: ContentTypeViewDto } {
    if (!this.registry.list().some((type) => type.singularName === singularName))
      throw DomainError.notFound(`No content type ${singularName}`);
    return { data: this.view(singularName) };
  }

  @Post()
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Create a content type: its table and its API exist at once, on every instance' })
  @ApiBody(DEFINITION_BODY)
  @ApiDataResponse(AppliedContentTypeDto, { status: 201 })
  @ApiErrorResponses({ 400: 'Invalid definition; details.errors points at each problem', 409: 'The type exists' })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<{ data: AppliedContentTypeDto }> {
    const [change] = await this.registry.put([body], 'create', { confirmed: false, actorId: userIdOf(actor) });
    return { data: this.applied(change!) };
  }

  @Put()
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({
    summary: 'Create or replace several content types at once, e.g. two that point at each other',
    description: 'The types are planned and applied together; changes that lose data need ?confirm=true.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['definitions'],
      properties: { definitions: { type: 'array', minItems: 1, items: DEFINITION_BODY.schema } },
    },
  })
  @ApiQuery({ name: 'confirm', required: false, description: 'true to apply changes that lose data' })
  @ApiDataResponse(AppliedContentTypeDto, { list: true, description: 'The types that changed' })
  @ApiErrorResponses({ 400: 'Invalid definitions', 409: 'The change would lose data' })
  async replaceMany(
    @Body() body: unknown,
    @Query('confirm') confirm: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: AppliedContentTypeDto[]; meta: { total: number } }> {
    const definitions = (body as { definitions?: unknown } | null)?.definitions;
    if (!Array.isArray(definitions) || definitions.length === 0) {
      throw DomainError.validation('INVALID_DEFINITIONS', 'Send {"definitions": [...]} with at least one definition', [
        { path: ['definitions'], message: 'must be a non-empty array', name: 'ValidationError' },
      ]);
    }
    const changes = await this.registry.put(definitions, 'upsert', {
      confirmed: confirm === 'true',
      actorId: userIdOf(actor),
    });
    const data = changes.map((change) => this.applied(change));
    return { data, meta: { total: data.length } };
  }

  @Put(':singularName')
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Replace a content type’s definition; changes that lose data need ?confirm=true' })
  @ApiBody(DEFINITION_BODY)
  @ApiQuery({ name: 'confirm', required: false, description: 'true to apply changes that lose data' })
  @ApiDataResponse(AppliedContentTypeDto)
  @ApiErrorResponses({ 400: 'Invalid definition', 404: 'No such content type', 409: 'The change would lose data' })
  async replace(
    @Param('singularName') singularName: string,
    @Body() body: unknown,
    @Query('confirm') confirm: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: AppliedContentTypeDto }> {
    const named = (body as { info?: { singularName?: unknown } } | null)?.info?.singularName;
    if (named !== singularName) {
      throw DomainError.validation('SINGULAR_NAME_MISMATCH', 'The definition must keep its singularName', [
        { path: ['info', 'singularName'], message: `must be ${singularName}`, name: 'ValidationError' },
      ]);
    }
    const [change] = await this.registry.put([body], 'update', {
      confirmed: confirm === 'true',
      actorId: userIdOf(actor),
    });
    return { data: change ? this.applied(change) : { ...this.view(singularName), changes: [] } };
  }

  @Delete(':singularName')
  @HttpCode(200)
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Delete a content type and its entries: needs ?confirm=true' })
  @ApiQuery({ name: 'confirm', required: true, description: 'true: the table and its rows are dropped' })
  @ApiDataResponse(AppliedContentTypeDto, { description: 'The type as it was' })
  @ApiErrorResponses({ 404: 'No such content type', 409: 'Not confirmed, or other types point at it' })
  async delete(
    @Param('singularName') singularName: string,
    @Query('confirm') confirm: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: AppliedContentTypeDto }> {
    const before = this.registry.get(singularName) ? this.view(singularName) : undefined;
    const change = await this.registry.remove(singularName, {
      confirmed: confirm === 'true',
      actorId: userIdOf(actor),
    });
    return { data: { ...before!, changes: [...change.steps] } };
  }

  private view(singularName: string): ContentTypeViewDto {
    const type = this.registry.get(singularName)!;
    return {
      uid: type.uid,
      apiID: type.singularName,
      pluralName: type.pluralName,
      schema: this.registry.definitionOf(singularName) as Record<string, unknown>,
    };
  }

  private applied(change: AppliedChange): AppliedContentTypeDto {
    return { ...this.view(change.singularName), changes: [...change.steps] };
  }
}
