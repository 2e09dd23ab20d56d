import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, InvalidationBus } from '@cms/core';
import {
  toUserView,
  UserEntity,
  UsersService,
  type Actor,
  type NewUser,
  type UserChanges,
  type UserView,
} from '@cms/identity';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { RoleEntity, UserRoleEntity } from '../entities';
import { PolicyService, SUPER_ADMIN, USER_ROLES_TOPIC } from '../policy/policy.service';

export interface AdminUserView extends UserView {
  readonly roles: { id: number; code: string; name: string }[];
}

export interface NewAdminUser extends NewUser {
  readonly roles: readonly number[];
}

export interface AdminUserChanges extends UserChanges {
  readonly roles?: readonly number[];
}

/**
 * Accounts with their roles. Guards against escalation: nobody changes their own roles or block,
 * only a super-admin grants, removes or touches super-admin, and the last super-admin stays.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly policy: PolicyService,
    private readonly bus: InvalidationBus,
  ) {}

  async list(): Promise<AdminUserView[]> {
    const users = await this.dataSource.manager.find(UserEntity, { order: { id: 'ASC' } });
    const roles = await this.rolesByUser(
      this.dataSource.manager,
      users.map((user) => user.id),
    );
    return users.map((user) => ({ ...toUserView(user), roles: roles.get(user.id) ?? [] }));
  }

  async get(id: number): Promise<AdminUserView> {
    return this.view(this.dataSource.manager, await this.load(this.dataSource.manager, id));
  }

  async create(actor: Actor, input: NewAdminUser): Promise<AdminUserView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const roles = await this.checkedRoles(manager, actor, input.roles);
      const user = await this.users.create(input, manager);
      await this.setRoles(manager, user.id, roles);
      return this.view(manager, user);
    });
    return view;
  }

  /** Creates a super-admin, for the first start and `cms admin:create`. */
  async createSuperAdmin(email: string, password: string): Promise<AdminUserView> {
    return this.dataSource.transaction(async (manager) => {
      const role = await manager.findOneByOrFail(RoleEntity, { code: SUPER_ADMIN });
      const user = await this.users.create({ email, password }, manager);
      await this.setRoles(manager, user.id, [role]);
      return this.view(manager, user);
    });
  }

  async update(actor: Actor, id: number, changes: AdminUserChanges): Promise<AdminUserView> {
    const self = actor.kind === 'user' && actor.userId === id;
    if (self && (changes.roles !== undefined || changes.blocked !== undefined)) {
      throw DomainError.forbidden('Nobody changes their own roles or block', 'SELF_ESCALATION');
    }
    const view = await this.dataSource.transaction(async (manager) => {
      const user = await this.load(manager, id);
      const current = await this.rolesOf(manager, id);
      const superAdmin = current.some((role) => role.code === SUPER_ADMIN);
      if (superAdmin && !self) await this.assertSuperAdmin(actor);
      const roles = changes.roles === undefined ? undefined : await this.checkedRoles(manager, actor, changes.roles);
      const losesSuperAdmin =
        superAdmin && ((roles && !roles.some((role) => role.code === SUPER_ADMIN)) || changes.blocked === true);
      if (losesSuperAdmin) await this.assertAnotherSuperAdmin(manager, id);
      await this.users.update(user, changes, manager);
      if (roles) {
        if (roles.some((role) => role.code === SUPER_ADMIN) !== superAdmin) await this.assertSuperAdmin(actor);
        await this.setRoles(manager, id, roles);
      }
      return this.view(manager, user);
    });
    await this.users.announce();
    await this.bus.publish(USER_ROLES_TOPIC, String(id));
    return view;
  }

  async delete(actor: Actor, id: number): Promise<AdminUserView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const user = await this.load(manager, id);
      const view = await this.view(manager, user);
      if (view.roles.some((role) => role.code === SUPER_ADMIN)) {
        await this.assertSuperAdmin(actor);
        await this.assertAnotherSuperAdmin(manager, id);
      }
      await this.users.delete(user, manager);
      return view;
    });
    await this.users.announce();
    await this.bus.publish(USER_ROLES_TOPIC, String(id));
    return view;
  }

  private async assertSuperAdmin(actor: Actor): Promise<void> {
    if (!(await this.policy.isSuperAdmin(actor))) {
      throw DomainError.forbidden('Only a super-admin grants, removes or changes super-admin', 'ROLE_ESCALATION');
    }
  }

  private async assertAnotherSuperAdmin(manager: EntityManager, exceptUserId: number): Promise<void> {
    const role = await manager.findOneByOrFail(RoleEntity, { code: SUPER_ADMIN });
    const holders = await manager.find(UserRoleEntity, { where: { roleId: role.id }, relations: { user: true } });
    if (!holders.some((holder) => holder.userId !== exceptUserId && holder.user && !holder.user.blocked)) {
      throw DomainError.conflict(
        'LAST_SUPER_ADMIN',
        'The last active super-admin cannot be removed, blocked or demoted',
      );
    }
  }

  private async checkedRoles(manager: EntityManager, actor: Actor, ids: readonly number[]): Promise<RoleEntity[]> {
    const unique = [...new Set(ids)];
    const roles = unique.length === 0 ? [] : await manager.findBy(RoleEntity, { id: In(unique) });
    const missing = unique.filter((id) => !roles.some((role) => role.id === id));
    if (missing.length > 0) {
      throw DomainError.validation('UNKNOWN_ROLE', 'Unknown role', [
        { path: ['roles'], message: `no role with id ${missing.join(', ')}`, name: 'ValidationError' },
      ]);
    }
    if (roles.some((role) => role.code === SUPER_ADMIN)) await this.assertSuperAdmin(actor);
    return roles;
  }

  private async setRoles(manager: EntityManager, userId: number, roles: readonly RoleEntity[]): Promise<void> {
    await manager.delete(UserRoleEntity, { userId });
    if (roles.length > 0)
      await manager.insert(
        UserRoleEntity,
        roles.map((role) => ({ userId, roleId: role.id })),
      );
  }

  private async load(manager: EntityManager, id: number): Promise<UserEntity> {
    const user = await this.users.findById(id, manager);
    if (!user) throw DomainError.notFound('User not found');
    return user;
  }

  private async view(manager: EntityManager, user: UserEntity): Promise<AdminUserView> {
    return { ...toUserView(user), roles: await this.rolesOf(manager, user.id) };
  }

  private async rolesOf(manager: EntityManager, userId: number): Promise<AdminUserView['roles']> {
    return (await this.rolesByUser(manager, [userId])).get(userId) ?? [];
  }

  private async rolesByUser(manager: EntityManager, userIds: number[]): Promise<Map<number, AdminUserView['roles']>> {
    const rows =
      userIds.length === 0
        ? []
        : await manager.find(UserRoleEntity, { where: { userId: In(userIds) }, relations: { role: true } });
    const byUser = new Map<number, AdminUserView['roles']>();
    for (const row of rows) {
      if (!row.role) continue;
      const list = byUser.get(row.userId) ?? [];
      list.push({ id: row.role.id, code: row.role.code, name: row.role.name });
      byUser.set(row.userId, list);
    }
    return byUser;
  }
}
