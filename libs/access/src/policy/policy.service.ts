import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExpiringCache, InvalidationBus, type RateLimit } from '@cms/core';
import type { Actor } from '@cms/identity';
import type { DataSource } from 'typeorm';
import { RoleEntity, UserRoleEntity } from '../entities';
import {
  ADMIN_ACTIONS,
  ADMIN_SUBJECTS,
  ANY_CONTENT_TYPE,
  CONTENT_ACTIONS,
  MEDIA_ACTIONS,
  MEDIA_SUBJECT,
  type Permission,
} from '../permissions/permission';
import { ALLOW_ALL, evaluatePolicy, type Decision } from './evaluate-policy';

export const SUPER_ADMIN = 'super-admin';
export const AUTHENTICATED = 'authenticated';
export const PUBLIC = 'public';

export const ROLES_TOPIC = 'access.roles';
export const USER_ROLES_TOPIC = 'access.user-roles';
const CACHE_TTL_MS = 30_000;

interface RoleRecord {
  readonly id: number;
  readonly code: string;
  readonly rateLimit: RateLimit | null;
  readonly permissions: readonly Permission[];
}

const READ_ONLY_TOKEN: Permission[] = [
  { action: 'find', subject: ANY_CONTENT_TYPE },
  { action: 'findOne', subject: ANY_CONTENT_TYPE },
  { action: 'read', subject: MEDIA_SUBJECT },
];
const FULL_ACCESS_TOKEN: Permission[] = [
  ...CONTENT_ACTIONS.map((action) => ({ action, subject: ANY_CONTENT_TYPE })),
  ...MEDIA_ACTIONS.map((action) => ({ action, subject: MEDIA_SUBJECT })),
];
export const ALL_ADMIN_PERMISSIONS: Permission[] = ADMIN_SUBJECTS.flatMap((subject) =>
  ADMIN_ACTIONS.map((action) => ({ action, subject })),
);

/**
 * The one policy every guard and service asks: may this actor do this action on this subject, on
 * which fields, under which row conditions. Roles and role assignments are cached and evicted on
 * every instance when they change.
 */
@Injectable()
export class PolicyService {
  private readonly roles: ExpiringCache<Map<number, RoleRecord>>;
  private readonly userRoles: ExpiringCache<number[]>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    bus: InvalidationBus,
  ) {
    this.roles = new ExpiringCache(bus, ROLES_TOPIC, CACHE_TTL_MS, 1);
    this.userRoles = new ExpiringCache(bus, USER_ROLES_TOPIC, CACHE_TTL_MS);
  }

  async decide(actor: Actor, action: string, subject: string): Promise<Decision> {
    if (await this.isSuperAdmin(actor)) return ALLOW_ALL;
    const userId = actor.kind === 'user' ? actor.userId : undefined;
    return evaluatePolicy(await this.permissionsOf(actor), action, subject, userId);
  }

  async isSuperAdmin(actor: Actor): Promise<boolean> {
    if (actor.kind !== 'user') return false;
    return (await this.roleCodesOf(actor.userId)).includes(SUPER_ADMIN);
  }

  async roleCodesOf(userId: number): Promise<string[]> {
    const [roles, roleIds] = await Promise.all([this.allRoles(), this.roleIdsOf(userId)]);
    return roleIds.map((id) => roles.get(id)?.code).filter((code): code is string => code !== undefined);
  }

  /**
   * The request budgets the roles of a caller set: the public role's for the public, those of a
   * user's roles (the most generous is theirs); empty when none sets one.
   */
  async rateLimitsOf(actor: Actor & { kind: 'public' | 'user' }): Promise<RateLimit[]> {
    const codes = actor.kind === 'public' ? [PUBLIC] : [AUTHENTICATED, ...(await this.roleCodesOf(actor.userId))];
    const roles = [...(await this.allRoles()).values()];
    return roles.flatMap((role) => (codes.includes(role.code) && role.rateLimit ? [role.rateLimit] : []));
  }

  private async permissionsOf(actor: Actor): Promise<readonly Permission[]> {
    switch (actor.kind) {
      case 'public':
        return this.permissionsOfRoles([PUBLIC]);
      case 'user':
        return this.permissionsOfRoles([AUTHENTICATED, ...(await this.roleCodesOf(actor.userId))]);
      case 'api-token':
        if (actor.tokenType === 'read-only') return READ_ONLY_TOKEN;
        if (actor.tokenType === 'full-access') return FULL_ACCESS_TOKEN;
        return actor.permissions as Permission[];
    }
  }

  private async permissionsOfRoles(codes: readonly string[]): Promise<Permission[]> {
    const roles = [...(await this.allRoles()).values()];
    return roles.filter((role) => codes.includes(role.code)).flatMap((role) => role.permissions);
  }

  private allRoles(): Promise<Map<number, RoleRecord>> {
    return this.roles.getOrLoad('all', async () => {
      const roles = await this.dataSource.manager.find(RoleEntity, { relations: { permissions: true } });
      return new Map(
        roles.map((role) => [
          role.id,
          {
            id: role.id,
            code: role.code,
            rateLimit:
              role.rateLimitRequests !== null && role.rateLimitWindowSeconds !== null
                ? { points: role.rateLimitRequests, durationSeconds: role.rateLimitWindowSeconds }
                : null,
            permissions: (role.permissions ?? []).map((permission) => ({
              action: permission.action,
              subject: permission.subject,
              fields: permission.fields,
              conditions: permission.conditions,
            })),
          },
        ]),
      );
    });
  }

  private roleIdsOf(userId: number): Promise<number[]> {
    return this.userRoles.getOrLoad(String(userId), async () => {
      const rows = await this.dataSource.manager.find(UserRoleEntity, { where: { userId } });
      return rows.map((row) => row.roleId);
    });
  }
}
