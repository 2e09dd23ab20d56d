import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiDataResponse, ApiErrorResponses, DomainError } from '@cms/core';
import { RequirePermission } from '../policy/require-permission';
import { RoleInputDto, RoleViewDto } from './roles.dto';
import { RolesService, type RoleView } from './roles.service';

const SUBJECT = 'admin.roles';

@ApiTags('admin')
@Controller('admin/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @ApiOperation({ summary: 'List the roles' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(RoleViewDto, { list: true })
  async list(): Promise<{ data: RoleView[]; meta: { total: number } }> {
    const data = await this.roles.list();
    return { data, meta: { total: data.length } };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One role with its permissions' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(RoleViewDto)
  @ApiErrorResponses({ 404: 'No such role' })
  async get(@Param('id', ParseIntPipe) id: number): Promise<{ data: RoleView }> {
    return { data: await this.roles.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a role with its permissions' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(RoleViewDto, { status: 201 })
  @ApiErrorResponses({ 400: 'Invalid role or permissions', 409: 'A role with this code exists' })
  async create(@Body() body: RoleInputDto): Promise<{ data: RoleView }> {
    return { data: await this.roles.create(body) };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a role’s name, description or permissions' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(RoleViewDto, { description: 'Name, description and permissions replaced' })
  @ApiErrorResponses({
    400: 'Invalid role or permissions',
    403: 'super-admin, or a built-in role’s code',
    404: 'No such role',
  })
  async replace(@Param('id', ParseIntPipe) id: number, @Body() body: RoleInputDto): Promise<{ data: RoleView }> {
    return { data: await this.roles.replace(id, body) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a role' })
  @RequirePermission('manage', SUBJECT)
  @ApiQuery({ name: 'replacement', required: false, description: 'Role id that takes over the users of this one' })
  @ApiDataResponse(RoleViewDto, { description: 'The role as it was' })
  @ApiErrorResponses({ 403: 'A built-in role', 404: 'No such role', 409: 'The role has users and no replacement' })
  async delete(
    @Param('id', ParseIntPipe) id: number,
    @Query('replacement') replacement?: string,
  ): Promise<{ data: RoleView }> {
    if (replacement !== undefined && !/^\d+$/.test(replacement)) {
      throw DomainError.validation('INVALID_REPLACEMENT', 'replacement must be a role id', [
        { path: ['replacement'], message: 'must be a role id', name: 'ValidationError' },
      ]);
    }
    return { data: await this.roles.delete(id, replacement === undefined ? undefined : Number(replacement)) };
  }
}
