import { Controller, Get, Module, Param } from '@nestjs/common';
import { AccessModule, PolicyService, type Decision } from '@cms/access';
import { CurrentActor, type Actor } from '@cms/identity';
import { TEST_ADMIN, type TestApp } from './test-app';

export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly userId: number;
}

let counter = 0;
/** A fresh email per call, so suites and tests never collide on accounts. */
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}@example.com`;
}

export const PASSWORD = 'a long enough password';

export async function login(cms: TestApp, email: string, password: string): Promise<Session> {
  const response = await cms.http().post('/api/auth/login').send({ email, password }).expect(200);
  return {
    accessToken: response.body.accessToken,
    refreshToken: response.body.refreshToken,
    userId: response.body.user.id,
  };
}

export function loginAsAdmin(cms: TestApp): Promise<Session> {
  return login(cms, TEST_ADMIN.email, TEST_ADMIN.password);
}

export async function roleIds(cms: TestApp, admin: Session): Promise<Record<string, number>> {
  const response = await cms.http().get('/admin/roles').auth(admin.accessToken, { type: 'bearer' }).expect(200);
  return Object.fromEntries(response.body.data.map((role: { code: string; id: number }) => [role.code, role.id]));
}

/** Creates a user with the given role codes (as the super-admin) and signs them in. */
export async function createUser(
  cms: TestApp,
  roles: string[],
  email = uniqueEmail(),
): Promise<Session & { email: string }> {
  const admin = await loginAsAdmin(cms);
  const ids = await roleIds(cms, admin);
  await cms
    .http()
    .post('/admin/users')
    .auth(admin.accessToken, { type: 'bearer' })
    .send({ email, password: PASSWORD, roles: roles.map((code) => ids[code]) })
    .expect(201);
  return { ...(await login(cms, email, PASSWORD)), email };
}

/** A probe route that answers what the policy decides for the caller: what services will ask. */
@Controller('test-policy')
class PolicyProbeController {
  constructor(private readonly policy: PolicyService) {}

  @Get(':action/:subject')
  decide(
    @Param('action') action: string,
    @Param('subject') subject: string,
    @CurrentActor() actor: Actor,
  ): Promise<Decision> {
    return this.policy.decide(actor, action, subject);
  }
}

@Module({ imports: [AccessModule], controllers: [PolicyProbeController] })
export class PolicyProbeModule {}
