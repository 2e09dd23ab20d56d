import { PermissionEntity } from './permission.entity';
import { RoleEntity } from './role.entity';
import { UserRoleEntity } from './user-role.entity';

export { PermissionEntity, RoleEntity, UserRoleEntity };

export const accessEntities = [RoleEntity, PermissionEntity, UserRoleEntity];
