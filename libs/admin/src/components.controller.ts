import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@cms/access';
import { ApiDataResponse, ApiErrorResponses, DomainError } from '@cms/core';
import { CurrentActor, userIdOf, type Actor } from '@cms/identity';
import { SchemaRegistry, type AppliedChange } from '@cms/schema';

/** Components are part of the schema: the same right manages them as content types. */
const SUBJECT = 'admin.content-types';

export class ComponentViewDto {
  @ApiProperty({ example: 'shared.seo' }) uid!: string;
  @ApiProperty({ example: 'shared' }) category!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The definition, in Strapi’s component JSON shape, with its uid',
  })
  schema!: Record<string, unknown>;
}

export class AppliedComponentDto extends ComponentViewDto {
  @ApiProperty({ type: [String], description: 'The database changes made' }) changes!: string[];
}

const COMPONENT_BODY = {
  description: 'A component in the shape of a Strapi v5 component JSON file, with its uid (category.name)',
  schema: {
    type: 'object',
    required: ['uid', 'info', 'attributes'],
    properties: {
      uid: { type: 'string', example: 'shared.seo' },
      collectionName: { type: 'string' },
      info: {
        type: 'object',
        required: ['displayName'],
        properties: { displayName: { type: 'string' }, icon: { type: 'string' }, description: { type: 'string' } },
      },
      attributes: { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } },
    },
  },
};

@ApiTags('admin')
@Controller('admin/components')
export class ComponentsController {
  constructor(private readonly registry: SchemaRegistry) {}

  @Get()
  @ApiOperation({ summary: 'List the components' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(ComponentViewDto, { list: true })
  list(): { data: ComponentViewDto[]; meta: { total: number } } {
    const data = this.registry.components().map((component) => this.view(component.uid));
    return { data, meta: { total: data.length } };
  }

  @Get(':uid')
  @ApiOperation({ summary: 'One component’s definition' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(ComponentViewDto)
  @ApiErrorResponses({ 404: 'No such component' })
  get(@Param('uid') uid: string): { data: ComponentViewDto } {
    return { data: this.view(this.known(uid)) };
  }

  @Post()
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Create a component: its table exists at once, on every instance' })
  @ApiBody(COMPONENT_BODY)
  @ApiDataResponse(AppliedComponentDto, { status: 201 })
  @ApiErrorResponses({ 400: 'Invalid definition; details.errors points at each problem', 409: 'It exists' })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<{ data: AppliedComponentDto }> {
    if (typeof (body as { uid?: unknown } | null)?.uid !== 'string')
      throw DomainError.invalid('INVALID_CONTENT_TYPE', [
        { path: ['uid'], message: 'must be category.name', name: 'ValidationError' },
      ]);
    const [change] = await this.registry.put([body], 'create', { confirmed: false, actorId: userIdOf(actor) });
    return { data: this.applied(change!) };
  }

  @Put(':uid')
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Replace a component’s definition; changes that lose data need ?confirm=true' })
  @ApiBody(COMPONENT_BODY)
  @ApiQuery({ name: 'confirm', required: false, description: 'true to apply changes that lose data' })
  @ApiDataResponse(AppliedComponentDto)
  @ApiErrorResponses({ 400: 'Invalid definition', 404: 'No such component', 409: 'The change would lose data' })
  async replace(
    @Param('uid') uid: string,
    @Body() body: unknown,
    @Query('confirm') confirm: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: AppliedComponentDto }> {
    this.known(uid);
    const definition = typeof body === 'object' && body !== null ? { ...body, uid } : body;
    const [change] = await this.registry.put([definition], 'update', {
      confirmed: confirm === 'true',
      actorId: userIdOf(actor),
    });
    return { data: change ? this.applied(change) : { ...this.view(uid), changes: [] } };
  }

  @Delete(':uid')
  @HttpCode(200)
  @RequirePermission('manage', SUBJECT)
  @ApiOperation({ summary: 'Delete a component and its entries: needs ?confirm=true; refused while used' })
  @ApiQuery({ name: 'confirm', required: true, description: 'true: the table and its rows are dropped' })
  @ApiDataResponse(AppliedComponentDto, { description: 'The component as it was' })
  @ApiErrorResponses({ 404: 'No such component', 409: 'Not confirmed, or a type or component uses it' })
  async delete(
    @Param('uid') uid: string,
    @Query('confirm') confirm: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: AppliedComponentDto }> {
    const before = this.view(this.known(uid));
    const change = await this.registry.remove(uid, { confirmed: confirm === 'true', actorId: userIdOf(actor) });
    return { data: { ...before, changes: [...change.steps] } };
  }

  private known(uid: string): string {
    if (!this.registry.component(uid)) throw DomainError.notFound(`No component ${uid}`);
    return uid;
  }

  private view(uid: string): ComponentViewDto {
    const component = this.registry.component(uid)!;
    return {
      uid,
      category: component.category!,
      schema: this.registry.definitionOf(uid) as Record<string, unknown>,
    };
  }

  private applied(change: AppliedChange): AppliedComponentDto {
    return { ...this.view(change.singularName), changes: [...change.steps] };
  }
}
