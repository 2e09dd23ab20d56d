import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @RequirePermission('read', SUBJECT)
  @ApiOkResponse({ type: [AdminUserViewDto], description: '{ data: User[], meta }' })
  async list(): Promise<{ data: AdminUserView[]; meta: { total: number } }> {
    const data = await this.users.list();
    return { data, meta: { total: data.length } };
  }

  @Get(':id')
  @RequirePermission('read', SUBJECT)
  @ApiOkResponse({ type: AdminUserViewDto, description: '{ data: User }' })
  async get(@Param('id', ParseIntPipe) id: number): Promise<{ data: AdminUserView }> {
    return { data: await this.users.get(id) };
  }

  @Post()
  @RequirePermission('manage', SUBJECT)
  @ApiCreatedResponse({ type: AdminUserViewDto, description: '{ data: User }' })
  @ApiConflictResponse({ description: 'The email or username is taken' })
  async create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<{ data: AdminUserView }> {
    return { data: await this.users.create(actor, body) };
  }

  @Put(':id')
  @RequirePermission('manage', SUBJECT)
  @ApiOkResponse({ type: AdminUserViewDto, description: '{ data: User }; a new password or a block ends its sessions' })
  async update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ data: AdminUserView }> {
    return { data: await this.users.update(actor, id, body) };
  }

  @Delete(':id')
  @RequirePermission('manage', SUBJECT)
  @ApiOkResponse({ type: AdminUserViewDto, description: '{ data: User } as it was' })
  async delete(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<{ data: AdminUserView }> {
    return { data: await this.users.delete(actor, id) };
  }
}
