import { Module, type DynamicModule } from '@nestjs/common';
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

export interface AccessModuleOptions {
  /** Create the first super-admin on an empty database (the API does; the CLI has admin:create). */
  readonly createFirstAdmin: boolean;
}

/** Roles, permissions and the policy; the admin API for users, roles and API tokens. */
@Module({})
export class AccessModule {
  static forRoot(options: AccessModuleOptions): DynamicModule {
    return {
      module: AccessModule,
      // Global: any module's routes may use RequirePermission and the PolicyService.
      global: true,
      imports: [TypeOrmModule.forFeature(accessEntities), IdentityModule],
      controllers: [RolesController, AdminUsersController, AdminApiTokensController],
      providers: [
        PolicyService,
        PermissionGuard,
        RolesService,
        AdminUsersService,
        { provide: APP_INTERCEPTOR, useClass: AdminServerTimingInterceptor },
        ...(options.createFirstAdmin ? [FirstAdmin] : []),
      ],
      exports: [PolicyService, PermissionGuard, AdminUsersService, IdentityModule],
    };
  }
}
