import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, isUniqueViolation, type AppConfig } from '@cms/core';
import { UsersService } from '@cms/identity';
import { AdminUsersService } from './admin-users.service';

const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/**
 * On a database without users, creates the first super-admin from ADMIN_EMAIL/ADMIN_PASSWORD, or
 * with a random password printed once. Several instances may try at once: one insert wins.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly users: UsersService,
    private readonly admins: AdminUsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const email = this.config.auth.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const given = this.config.auth.adminPassword;
    const password = given ?? randomBytes(18).toString('base64url');
    try {
      await this.admins.createSuperAdmin(email, password);
    } catch (error) {
      if (isUniqueViolation(error) || (error as { code?: string }).code === 'USER_EXISTS') return;
      throw error;
    }
    this.logger.log(`created the first super-admin, ${email}`);
    if (!given) {
      process.stdout.write(
        `\nFirst super-admin: ${email}\nPassword (shown once): ${password}\nChange it after signing in.\n\n`,
      );
    }
  }
}
