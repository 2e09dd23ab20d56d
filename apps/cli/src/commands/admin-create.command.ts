import { AdminUsersService } from '@cms/access';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliOutput } from '../cli-output';

interface AdminCreateOptions {
  readonly email: string;
  readonly password: string;
}

@Command({
  name: 'admin:create',
  description: 'create a super-admin account',
})
export class AdminCreateCommand extends CommandRunner {
  constructor(
    private readonly admins: AdminUsersService,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: AdminCreateOptions): Promise<void> {
    const admin = await this.admins.createSuperAdmin(options.email, options.password);
    this.output.line(`created super-admin ${admin.email} (id ${admin.id})`);
  }

  @Option({ flags: '--email <email>', description: 'the account email', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--password <password>', description: '12 to 128 characters', required: true })
  parsePassword(value: string): string {
    return value;
  }
}
