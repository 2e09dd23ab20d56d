import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, DomainError, type AppConfig } from '@cms/core';
import { IsNull, MoreThan, type DataSource } from 'typeorm';
import type { Actor } from '../actor/actor';
import { requireUser } from '../actor/current-actor.decorator';
import { PasswordResetEntity, UserEntity } from '../entities';
import { Mailer } from '../mail/mailer';
import { PasswordHasher } from '../passwords/password-hasher';
import { assertNewPassword } from '../passwords/password-policy';
import { SessionsService, type TokenPair } from '../sessions/sessions.service';
import { AuthThrottle, type Budget } from '../throttle/auth-throttle';
import { generateSecret, hashSecret } from '../tokens/opaque-token';
import { toUserView, type UserView } from '../users/user-view';
import { UsersService } from '../users/users.service';

export interface LoginResult extends TokenPair {
  readonly user: UserView;
}

const RESET_CODE_TTL_MS = 60 * 60 * 1000;
const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: AuthThrottle,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks a password and opens a session. An unknown account costs the same time as a wrong
   * password and answers the same, and failures count against the account and the address.
   */
  async login(identifier: string, password: string, clientAddress: string): Promise<LoginResult> {
    const account = identifier.trim().toLowerCase();
    const budgets: Budget[] = [
      ['loginFailuresPerAccount', account],
      ['loginFailuresPerAddress', clientAddress],
    ];
    await this.throttle.assertAllowed(budgets);
    const user = await this.users.findByIdentifier(identifier);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDecoy(password);
    if (!user || !valid) {
      await this.throttle.consume(budgets);
      throw DomainError.unauthorized(INVALID_CREDENTIALS, 'INVALID_CREDENTIALS');
    }
    if (user.blocked) throw DomainError.forbidden('This account is blocked', 'ACCOUNT_BLOCKED');
    await this.throttle.reset('loginFailuresPerAccount', account);
    return { ...(await this.sessions.start(user)), user: toUserView(user) };
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.sessions.refresh(refreshToken);
  }

  /** Ends the caller's session, the one of a refresh token, or (`allSessions`) every one. */
  async logout(actor: Actor, refreshToken: string | undefined, allSessions: boolean): Promise<void> {
    if (allSessions) {
      const { userId } = requireUser(actor);
      await this.sessions.revokeAllOf(userId);
      await this.sessions.announceRevocations();
      return;
    }
    if (actor.kind === 'user') await this.sessions.revoke(actor.sessionId);
    if (refreshToken)
      await this.sessions.revokeByRefreshToken(refreshToken, actor.kind === 'user' ? actor.userId : undefined);
    if (actor.kind !== 'user' && !refreshToken) {
      throw DomainError.unauthorized('Send the access token or the refresh token of the session to end');
    }
  }

  async me(actor: Actor): Promise<UserView> {
    const user = await this.users.findById(requireUser(actor).userId);
    if (!user) throw DomainError.unauthorized();
    return toUserView(user);
  }

  /** Changes the caller's password: every session ends, and a new one is opened for the caller. */
  async changePassword(
    actor: Actor,
    currentPassword: string,
    password: string,
    passwordConfirmation: string,
  ): Promise<LoginResult> {
    const user = await this.users.findById(requireUser(actor).userId);
    if (!user) throw DomainError.unauthorized();
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw DomainError.validation('INVALID_CURRENT_PASSWORD', 'The current password is wrong', [
        { path: ['currentPassword'], message: 'is wrong', name: 'ValidationError' },
      ]);
    }
    assertNewPassword(password, passwordConfirmation);
    const pair = await this.dataSource.transaction(async (manager) => {
      await this.users.update(user, { password }, manager);
      return this.sessions.start(user, manager);
    });
    await this.sessions.announceRevocations();
    return { ...pair, user: toUserView(user) };
  }

  /**
   * Always answers the same, at once: the lookup and the mail happen after the response, so
   * neither the answer nor its timing tells whether the email is registered.
   */
  async forgotPassword(email: string, clientAddress: string): Promise<void> {
    const account = email.trim().toLowerCase();
    await this.throttle.consume([
      ['forgotPerAddress', clientAddress],
      ['forgotPerAccount', account],
    ]);
    setImmediate(() => {
      this.sendResetCode(account).catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not send a password-reset mail'),
      );
    });
  }

  async resetPassword(
    code: string,
    password: string,
    passwordConfirmation: string,
    clientAddress: string,
  ): Promise<LoginResult> {
    await this.throttle.consume([['resetPerAddress', clientAddress]]);
    assertNewPassword(password, passwordConfirmation);
    const result = await this.dataSource.transaction(async (manager) => {
      const reset = await manager.findOne(PasswordResetEntity, {
        where: { codeHash: hashSecret(code), usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      });
      if (!reset) return undefined;
      const claimed = await manager.update(
        PasswordResetEntity,
        { id: reset.id, usedAt: IsNull() },
        { usedAt: new Date() },
      );
      const user = claimed.affected === 1 ? await this.users.findById(reset.userId, manager) : null;
      if (!user || user.blocked) return undefined;
      await manager.update(PasswordResetEntity, { userId: user.id, usedAt: IsNull() }, { usedAt: new Date() });
      await this.users.update(user, { password }, manager);
      return { ...(await this.sessions.start(user, manager)), user: toUserView(user) };
    });
    if (!result)
      throw DomainError.validation('INVALID_RESET_CODE', 'This reset code is invalid or has expired', [
        { path: ['code'], message: 'is invalid or has expired', name: 'ValidationError' },
      ]);
    await this.sessions.announceRevocations();
    return result;
  }

  private async sendResetCode(email: string): Promise<void> {
    const user = await this.dataSource.manager.findOneBy(UserEntity, { email });
    if (!user || user.blocked) return;
    const code = generateSecret();
    await this.dataSource.manager.insert(PasswordResetEntity, {
      userId: user.id,
      codeHash: hashSecret(code),
      expiresAt: new Date(Date.now() + RESET_CODE_TTL_MS),
      usedAt: null,
    });
    const url = this.config.mail.resetPasswordUrl;
    const link = url ? `${url}${url.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}` : undefined;
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your password',
      text: [
        'Someone asked to reset the password of this account. If it was not you, ignore this mail.',
        link ? `Choose a new password here, within the hour: ${link}` : `Your reset code, valid for an hour: ${code}`,
      ].join('\n\n'),
    });
  }
}
