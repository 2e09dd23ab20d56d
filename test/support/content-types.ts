import { roleIds, type Session } from './auth';
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

/** A `notice` type (one `title`) that the public may list: the fault and scaling suites read it. */
export async function putPublicNotices(cms: TestApp, admin: Session): Promise<void> {
  await putContentTypes(cms, admin, [
    {
      info: { singularName: 'notice', pluralName: 'notices', displayName: 'Notice' },
      attributes: { title: { type: 'string' } },
    },
  ]);
  await cms
    .http()
    .put(`/admin/roles/${(await roleIds(cms, admin)).public}`)
    .auth(admin.accessToken, { type: 'bearer' })
    .send({ code: 'public', name: 'Public', permissions: [{ action: 'find', subject: 'notice' }] })
    .expect(200);
}
