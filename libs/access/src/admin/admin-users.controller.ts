import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDataResponse, ApiErrorResponses } from '@cms/core';
import { CurrentActor, type Actor } from '@cms/identity';
import { RequirePermission } from '../policy/require-permission';
import { AdminUserViewDto, CreateUserDto, UpdateUserDto } from './admin-users.dto';
import { AdminUsersService, type AdminUserView } from './admin-users.service';

const SUBJECT = 'admin.users';

@ApiTags('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'List the users' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(AdminUserViewDto, { list: true })
  async list(): Promise<{ data: AdminUserView[]; meta: { total: number } }> {
    const data = await this.users.list();
    return { data, meta: { total: data.length } };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(AdminUserViewDto)
  @ApiErrorResponses({ 404: 'No such user' })
  async get(@Param('id', ParseIntPipe) id: number): Promise<{ data: AdminUserView }> {
    return { data: await this.users.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(AdminUserViewDto, { status: 201 })
  @ApiErrorResponses({ 400: 'Invalid user', 409: 'The email or username is taken' })
  async create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<{ data: AdminUserView }> {
    return { data: await this.users.create(actor, body) };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change a user (roles, blocked, password)' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(AdminUserViewDto, { description: 'A new password or a block ends its sessions' })
  @ApiErrorResponses({ 400: 'Invalid changes', 404: 'No such user', 409: 'Taken email, or the last super-admin' })
  async update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: AdminUserView }> {
    return { data: await this.users.update(actor, id, body) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a user' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(AdminUserViewDto, { description: 'The user as it was' })
  @ApiErrorResponses({ 404: 'No such user', 409: 'The last super-admin' })
  async delete(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<{ data: AdminUserView }> {
    return { data: await this.users.delete(actor, id) };
  }
}
