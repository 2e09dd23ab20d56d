import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@cms/identity';
import { AdminApiTokensController } from './admin/admin-api-tokens.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { AdminUsersService } from './admin/admin-users.service';
import { FirstAdmin } from './admin/first-admin';
import { accessEntities } from './entities';
import { AdminServerTimingInterceptor } from './policy/admin-server-timing.interceptor';
import { PermissionGuard } from './policy/require-permission';
import { PolicyService } from './policy/policy.service';
import { RolesController } from './roles/roles.controller';
import { RolesService } from './roles/roles.service';

/**
 * Roles, permissions and the policy; the admin API for users, roles and API tokens. A module
 * whose routes use RequirePermission, or which asks the policy, imports it.
 */
@Module({
  imports: [TypeOrmModule.forFeature(accessEntities), IdentityModule],
  controllers: [RolesController, AdminUsersController, AdminApiTokensController],
  providers: [
    PolicyService,
    PermissionGuard,
    RolesService,
    AdminUsersService,
    { provide: APP_INTERCEPTOR, useClass: AdminServerTimingInterceptor },
  ],
  exports: [PolicyService, PermissionGuard, AdminUsersService],
})
export class AccessModule {}

/** Creates the first super-admin on an empty database: the API imports it; the CLI has admin:create. */
@Module({ imports: [AccessModule, IdentityModule], providers: [FirstAdmin] })
export class FirstAdminModule {}
