export { AccessModule, FirstAdminModule } from './access.module';
export { AdminUsersService, type AdminUserView } from './admin/admin-users.service';
export { accessEntities } from './entities';
export { MEDIA_SUBJECT, type Filter, type Permission } from './permissions/permission';
export { type Decision } from './policy/evaluate-policy';
export { PolicyService } from './policy/policy.service';
export { RequirePermission } from './policy/require-permission';
export { RequestLimitsModule } from './rate-limits/request-limits.module';
export { RequestLimits } from './rate-limits/request-limits.service';
