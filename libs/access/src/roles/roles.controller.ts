import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@cms/core';
import { RequirePermission } from '../policy/require-permission';
import { RoleInputDto, RoleViewDto } from './roles.dto';
import { RolesService, type RoleView } from './roles.service';

const SUBJECT = 'admin.roles';

@ApiTags('admin')
@Controller('admin/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequirePermission('read', SUBJECT)
  @ApiOkResponse({ type: [RoleViewDto], description: '{ data: Role[], meta }' })
  async list(): Promise<{ data: RoleView[]; meta: { total: number } }> {
    const data = await this.roles.list();
    return { data, meta: { total: data.length } };
  }

  @Get(':id')
  @RequirePermission('read', SUBJECT)
  @ApiOkResponse({ type: RoleViewDto, description: '{ data: Role }' })
  async get(@Param('id', ParseIntPipe) id: number): Promise<{ data: RoleView }> {
    return { data: await this.roles.get(id) };
  }

  @Post()
  @RequirePermission('manage', SUBJECT)
  @ApiCreatedResponse({ type: RoleViewDto, description: '{ data: Role }' })
  @ApiConflictResponse({ description: 'A role with this code exists' })
  async create(@Body() body: RoleInputDto): Promise<{ data: RoleView }> {
    return { data: await this.roles.create(body) };
  }

  @Put(':id')
  @RequirePermission('manage', SUBJECT)
  @ApiOkResponse({ type: RoleViewDto, description: '{ data: Role }; name, description and permissions are replaced' })
  async replace(@Param('id', ParseIntPipe) id: number, @Body() body: RoleInputDto): Promise<{ data: RoleView }> {
    return { data: await this.roles.replace(id, body) };
  }

  @Delete(':id')
  @RequirePermission('manage', SUBJECT)
  @ApiQuery({ name: 'replacement', required: false, description: 'Role id that takes over the users of this one' })
  @ApiOkResponse({ type: RoleViewDto, description: '{ data: Role } as it was' })
  @ApiConflictResponse({ description: 'The role has users and no replacement was named' })
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
