import type { Session } from './auth';
import type { TestApp } from './test-app';

/** Defines (creates or replaces) content types together, as an admin: `PUT /admin/content-types`. */
export async function putContentTypes(cms: TestApp, admin: Session, definitions: readonly object[]): Promise<void> {
  await cms
    .http()
    .put('/admin/content-types')
    .auth(admin.accessToken, { type: 'bearer' })
    .send({ definitions })
    .expect(200);
}
