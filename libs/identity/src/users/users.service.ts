import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, isUniqueViolation, parseEmail } from '@cms/core';
import { type DataSource, type EntityManager } from 'typeorm';
import { UserEntity } from '../entities';
import { assertNewPassword } from '../passwords/password-policy';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from '../sessions/sessions.service';

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly username?: string | null;
  readonly blocked?: boolean;
}

export interface UserChanges {
  readonly email?: string;
  readonly password?: string;
  readonly username?: string | null;
  readonly blocked?: boolean;
}

/** Accounts: creation, changes, deletion. Every credential change revokes the user's sessions. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
  ) {}

  findById(id: number, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.manager.findOneBy(UserEntity, { email: email.trim().toLowerCase() });
  }

  /** By email, or by username (Strapi's `identifier`). */
  findByIdentifier(identifier: string): Promise<UserEntity | null> {
    const value = identifier.trim();
    return this.dataSource.manager.findOne(UserEntity, {
      where: [{ email: value.toLowerCase() }, { username: value }],
    });
  }

  count(): Promise<number> {
    return this.dataSource.manager.count(UserEntity);
  }

  async create(input: NewUser, manager: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    assertNewPassword(input.password);
    const email = normalizeEmail(input.email);
    await this.assertFree(manager, email, input.username ?? null);
    const user = manager.create(UserEntity, {
      email,
      username: input.username ?? null,
      passwordHash: await this.hasher.hash(input.password),
      blocked: input.blocked ?? false,
      tokenVersion: 0,
    });
    return saveUnique(manager, user);
  }

  /** Applies changes; a new password or a block ends every session (commit, then `announce`). */
  async update(
    user: UserEntity,
    changes: UserChanges,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    let credentialEvent = false;
    if (changes.email !== undefined && normalizeEmail(changes.email) !== user.email) {
      user.email = normalizeEmail(changes.email);
      await this.assertFree(manager, user.email, null, user.id);
    }
    if (changes.username !== undefined && changes.username !== user.username) {
      await this.assertFree(manager, null, changes.username, user.id);
      user.username = changes.username;
    }
    if (changes.password !== undefined) {
      assertNewPassword(changes.password);
      user.passwordHash = await this.hasher.hash(changes.password);
      credentialEvent = true;
    }
    if (changes.blocked !== undefined && changes.blocked !== user.blocked) {
      user.blocked = changes.blocked;
      credentialEvent ||= user.blocked;
    }
    await saveUnique(manager, user);
    if (credentialEvent) {
      await this.sessions.revokeAllOf(user.id, manager);
      user.tokenVersion += 1;
    }
    return credentialEvent;
  }

  async delete(user: UserEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(UserEntity, { id: user.id });
  }

  async announce(): Promise<void> {
    await this.sessions.announceRevocations();
  }

  async verifyPassword(user: UserEntity, password: string): Promise<boolean> {
    return this.hasher.verify(user.passwordHash, password);
  }

  private async assertFree(
    manager: EntityManager,
    email: string | null,
    username: string | null,
    exceptId?: number,
  ): Promise<void> {
    const clashes = await manager.find(UserEntity, {
      where: [...(email ? [{ email }] : []), ...(username ? [{ username }] : [])],
    });
    const clash = clashes.find((user) => user.id !== exceptId);
    if (!clash) return;
    const field = email && clash.email === email ? 'email' : 'username';
    throw DomainError.conflict('USER_EXISTS', `This ${field} is already taken`, { field });
  }
}

function normalizeEmail(email: string): string {
  try {
    return parseEmail(email.trim());
  } catch {
    throw DomainError.validation('INVALID_EMAIL', 'Invalid email', [
      { path: ['email'], message: 'must be an email address', name: 'ValidationError' },
    ]);
  }
}

/** Saves a user; a concurrent insert of the same email or username is a 409 too, via the unique index. */
async function saveUnique(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
  try {
    return await manager.save(user);
  } catch (error) {
    if (isUniqueViolation(error)) throw DomainError.conflict('USER_EXISTS', 'This email or username is already taken');
    throw error;
  }
}
