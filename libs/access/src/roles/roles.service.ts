import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, InvalidationBus, isUniqueViolation } from '@cms/core';
import type { DataSource, EntityManager } from 'typeorm';
import { PermissionEntity, RoleEntity, UserRoleEntity } from '../entities';
import type { Permission } from '../permissions/permission';
import { assertValidPermissions } from '../permissions/validate-permissions';
import { AUTHENTICATED, PUBLIC, ROLES_TOPIC, SUPER_ADMIN, USER_ROLES_TOPIC } from '../policy/policy.service';

export const BUILT_IN_ROLES: readonly string[] = [SUPER_ADMIN, 'editor', 'author', AUTHENTICATED, PUBLIC];

/** A role's request budget as the admin API states it. */
export interface RoleRateLimit {
  readonly requests: number;
  readonly windowSeconds: number;
}

export interface RoleInput {
  readonly code: string;
  readonly name: string;
  readonly description?: string | null;
  readonly rateLimit?: RoleRateLimit | null;
  readonly permissions: unknown[];
}

export interface RoleView {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly description: string | null;
  readonly builtIn: boolean;
  readonly rateLimit: RoleRateLimit | null;
  readonly permissions: Permission[];
}

@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: InvalidationBus,
  ) {}

  async list(): Promise<RoleView[]> {
    const roles = await this.dataSource.manager.find(RoleEntity, {
      relations: { permissions: true },
      order: { id: 'ASC' },
    });
    return roles.map(toRoleView);
  }

  async get(id: number): Promise<RoleView> {
    return toRoleView(await this.load(this.dataSource.manager, id));
  }

  async findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<RoleEntity | null> {
    return manager.findOneBy(RoleEntity, { code });
  }

  async create(input: RoleInput): Promise<RoleView> {
    const permissions = assertValidPermissions(input.permissions);
    const id = await this.write(async (manager) => {
      const role = await manager.save(manager.create(RoleEntity, { code: input.code, ...describedBy(input) }));
      await this.replacePermissions(manager, role.id, permissions);
      return role.id;
    });
    return this.get(id);
  }

  /** Replaces name, description, rate limit and permissions; a built-in role keeps its code. */
  async replace(id: number, input: RoleInput): Promise<RoleView> {
    const permissions = assertValidPermissions(input.permissions);
    await this.write(async (manager) => {
      const role = await this.load(manager, id);
      if (role.code === SUPER_ADMIN)
        throw DomainError.forbidden('The super-admin role cannot be changed', 'ROLE_IMMUTABLE');
      if (BUILT_IN_ROLES.includes(role.code) && input.code !== role.code) {
        throw DomainError.forbidden('A built-in role keeps its code', 'ROLE_IMMUTABLE');
      }
      await manager.update(RoleEntity, { id }, { code: input.code, ...describedBy(input) });
      await this.replacePermissions(manager, id, permissions);
      return id;
    });
    return this.get(id);
  }

  /** Deletes a custom role; its users move to `replacementId`, which is required while it has any. */
  async delete(id: number, replacementId: number | undefined): Promise<RoleView> {
    const deleted = await this.write(async (manager) => {
      const role = await this.load(manager, id);
      if (BUILT_IN_ROLES.includes(role.code))
        throw DomainError.forbidden('A built-in role cannot be deleted', 'ROLE_BUILT_IN');
      const holders = await manager.find(UserRoleEntity, { where: { roleId: id } });
      if (holders.length > 0) {
        if (replacementId === undefined || replacementId === id) {
          throw DomainError.conflict('ROLE_IN_USE', 'This role has users: name a replacement role for them', {
            users: holders.length,
          });
        }
        const replacement = await this.load(manager, replacementId);
        if (replacement.code === SUPER_ADMIN) {
          throw DomainError.forbidden('Users cannot be moved to super-admin this way', 'ROLE_ESCALATION');
        }
        const alreadyThere = new Set(
          (await manager.find(UserRoleEntity, { where: { roleId: replacementId } })).map((row) => row.userId),
        );
        const moving = holders.filter((holder) => !alreadyThere.has(holder.userId));
        if (moving.length > 0) {
          await manager.insert(
            UserRoleEntity,
            moving.map((holder) => ({ userId: holder.userId, roleId: replacementId })),
          );
        }
        await manager.delete(UserRoleEntity, { roleId: id });
      }
      const view = toRoleView(role);
      await manager.delete(RoleEntity, { id });
      return view;
    });
    await this.bus.publish(USER_ROLES_TOPIC, '*');
    return deleted;
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await this.dataSource.transaction(work);
      await this.bus.publish(ROLES_TOPIC, '*');
      return result;
    } catch (error) {
      if (isUniqueViolation(error)) throw DomainError.conflict('ROLE_EXISTS', 'A role with this code exists');
      throw error;
    }
  }

  private async load(manager: EntityManager, id: number): Promise<RoleEntity> {
    const role = await manager.findOne(RoleEntity, { where: { id }, relations: { permissions: true } });
    if (!role) throw DomainError.notFound('Role not found');
    return role;
  }

  private async replacePermissions(manager: EntityManager, roleId: number, permissions: Permission[]): Promise<void> {
    await manager.delete(PermissionEntity, { roleId });
    if (permissions.length === 0) return;
    await manager.save(
      permissions.map((permission) =>
        manager.create(PermissionEntity, {
          roleId,
          action: permission.action,
          subject: permission.subject,
          fields: permission.fields ? [...permission.fields] : null,
          conditions: permission.conditions ? { ...permission.conditions } : null,
        }),
      ),
    );
  }
}

/** The columns of a role its input sets, besides its code and permissions. */
function describedBy(
  input: RoleInput,
): Pick<RoleEntity, 'name' | 'description' | 'rateLimitRequests' | 'rateLimitWindowSeconds'> {
  return {
    name: input.name,
    description: input.description ?? null,
    rateLimitRequests: input.rateLimit?.requests ?? null,
    rateLimitWindowSeconds: input.rateLimit?.windowSeconds ?? null,
  };
}

function toRoleView(role: RoleEntity): RoleView {
  return {
    id: role.id,
    code: role.code,
    name: role.name,
    description: role.description,
    builtIn: BUILT_IN_ROLES.includes(role.code),
    rateLimit:
      role.rateLimitRequests !== null && role.rateLimitWindowSeconds !== null
        ? { requests: role.rateLimitRequests, windowSeconds: role.rateLimitWindowSeconds }
        : null,
    permissions: (role.permissions ?? [])
      .sort((a, b) => a.id - b.id)
      .map((permission) => ({
        action: permission.action,
        subject: permission.subject,
        fields: permission.fields,
        conditions: permission.conditions,
      })),
  };
}
