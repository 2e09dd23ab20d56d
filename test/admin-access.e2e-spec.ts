import {
  createUser,
  login,
  loginAsAdmin,
  PASSWORD,
  PolicyProbeModule,
  roleIds,
  uniqueEmail,
  type Session,
} from './support/auth';
import { startTestApp, TEST_ADMIN, type TestApp } from './support/test-app';

describe('roles, permissions and the admin API', () => {
  let cms: TestApp;
  let admin: Session;
  let roles: Record<string, number>;

  beforeAll(async () => {
    cms = await startTestApp({ extensions: [PolicyProbeModule] });
    admin = await loginAsAdmin(cms);
    roles = await roleIds(cms, admin);
  });

  afterAll(() => cms.close());

  const as = (session: Session | undefined) => ({
    get: (path: string) => withAuth(cms.http().get(path), session),
    post: (path: string, body: object) => withAuth(cms.http().post(path), session).send(body),
    put: (path: string, body: object) => withAuth(cms.http().put(path), session).send(body),
    delete: (path: string) => withAuth(cms.http().delete(path), session),
  });
  const withAuth = <T extends { auth: (token: string, options: { type: 'bearer' }) => T }>(
    request: T,
    session?: Session,
  ) => (session ? request.auth(session.accessToken, { type: 'bearer' }) : request);
  const decide = async (session: Session | undefined, action: string, subject: string) =>
    (await as(session).get(`/test-policy/${action}/${subject}`).expect(200)).body;

  it('lists the built-in roles with their permissions', async () => {
    const { body } = await as(admin).get('/admin/roles').expect(200);
    expect(body.data.map((role: { code: string }) => role.code)).toEqual([
      'super-admin',
      'editor',
      'author',
      'authenticated',
      'public',
    ]);
    const author = body.data.find((role: { code: string }) => role.code === 'author');
    expect(author.permissions).toContainEqual({
      action: 'update',
      subject: '*',
      fields: null,
      conditions: { createdBy: { id: { $eq: '$currentUser' } } },
    });
    expect(body.meta).toEqual({ total: 5 });
  });

  it('keeps the admin API from editors (403) and anonymous callers (401)', async () => {
    const editor = await createUser(cms, ['editor']);
    const forbidden = await as(editor).get('/admin/roles').expect(403);
    expect(forbidden.body.error.name).toBe('ForbiddenError');
    await as(editor).post('/admin/roles', { code: 'sneaky', name: 'Sneaky', permissions: [] }).expect(403);
    await as(editor).get('/admin/users').expect(403);
    await as(editor).get('/admin/api-tokens').expect(403);
    await as(undefined).get('/admin/roles').expect(401);
  });

  it('answers the default policies: editor all content and media, author own entries, no publish', async () => {
    const editor = await createUser(cms, ['editor']);
    for (const action of ['find', 'findOne', 'create', 'update', 'delete', 'publish']) {
      expect(await decide(editor, action, 'article')).toEqual({ allowed: true, fields: 'all' });
    }
    expect((await decide(editor, 'upload', 'media')).allowed).toBe(true);
    const author = await createUser(cms, ['author']);
    expect(await decide(author, 'create', 'article')).toEqual({ allowed: true, fields: 'all' });
    expect(await decide(author, 'update', 'article')).toEqual({
      allowed: true,
      fields: 'all',
      condition: { createdBy: { id: { $eq: author.userId } } },
    });
    expect((await decide(author, 'publish', 'article')).allowed).toBe(false);
    expect((await decide(author, 'manage', 'admin.users')).allowed).toBe(false);
    const plain = await createUser(cms, []);
    expect((await decide(plain, 'find', 'article')).allowed).toBe(false);
    expect((await decide(undefined, 'find', 'article')).allowed).toBe(false);
  });

  it('grants the public role what an admin gives it, at once', async () => {
    const publicRole = (await as(admin).get(`/admin/roles/${roles.public}`).expect(200)).body.data;
    await as(admin)
      .put(`/admin/roles/${roles.public}`, {
        code: 'public',
        name: publicRole.name,
        permissions: [{ action: 'find', subject: 'article', fields: ['title', 'slug'] }],
      })
      .expect(200);
    expect(await decide(undefined, 'find', 'article')).toEqual({ allowed: true, fields: ['title', 'slug'] });
    await as(admin)
      .put(`/admin/roles/${roles.public}`, { code: 'public', name: publicRole.name, permissions: [] })
      .expect(200);
    expect((await decide(undefined, 'find', 'article')).allowed).toBe(false);
  });

  it('creates a custom role, checks its permissions, and refuses a taken code', async () => {
    const created = await as(admin)
      .post('/admin/roles', {
        code: 'reviewer',
        name: 'Reviewer',
        permissions: [{ action: 'findOne', subject: 'article', conditions: { status: { $eq: 'review' } } }],
      })
      .expect(201);
    expect(created.body.data).toMatchObject({ code: 'reviewer', builtIn: false });
    const bad = await as(admin)
      .post('/admin/roles', { code: 'broken', name: 'Broken', permissions: [{ action: 'fly', subject: 'article' }] })
      .expect(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['permissions', 0, 'action']);
    await as(admin).post('/admin/roles', { code: 'reviewer', name: 'Again', permissions: [] }).expect(409);
    await as(admin).post('/admin/roles', { code: 'Bad Code', name: 'x', permissions: [] }).expect(400);
    await as(admin).post('/admin/roles', { code: 'extra', name: 'x', permissions: [], id: 1 }).expect(400);
  });

  it('never changes or removes super-admin, nor removes a built-in role', async () => {
    await as(admin)
      .put(`/admin/roles/${roles['super-admin']}`, { code: 'super-admin', name: 'Mine', permissions: [] })
      .expect(403);
    await as(admin).delete(`/admin/roles/${roles['super-admin']}`).expect(403);
    await as(admin).delete(`/admin/roles/${roles.editor}`).expect(403);
    await as(admin)
      .put(`/admin/roles/${roles.editor}`, { code: 'renamed', name: 'Editor', permissions: [] })
      .expect(403);
  });

  it('deletes a role in use only with a replacement, which takes over its users', async () => {
    const role = (
      await as(admin).post('/admin/roles', { code: 'temp-role', name: 'Temp', permissions: [] }).expect(201)
    ).body.data;
    const holder = await createUser(cms, []);
    await as(admin)
      .put(`/admin/users/${holder.userId}`, { roles: [role.id] })
      .expect(200);
    const refused = await as(admin).delete(`/admin/roles/${role.id}`).expect(409);
    expect(refused.body.error.details).toEqual({ users: 1 });
    await as(admin).delete(`/admin/roles/${role.id}?replacement=${roles['super-admin']}`).expect(403);
    await as(admin).delete(`/admin/roles/${role.id}?replacement=${roles.author}`).expect(200);
    const moved = (await as(admin).get(`/admin/users/${holder.userId}`).expect(200)).body.data;
    expect(moved.roles.map((r: { code: string }) => r.code)).toEqual(['author']);
    expect((await decide(holder, 'create', 'article')).allowed).toBe(true);
  });

  it('creates users with roles, refusing taken emails case-insensitively and server-owned fields', async () => {
    const email = uniqueEmail('new');
    const created = await as(admin)
      .post('/admin/users', { email, password: PASSWORD, roles: [roles.editor] })
      .expect(201);
    expect(created.body.data).toMatchObject({ email, blocked: false, roles: [{ code: 'editor' }] });
    expect(JSON.stringify(created.body)).not.toMatch(/passwordHash|password_hash|tokenVersion/);
    await as(admin).post('/admin/users', { email: email.toUpperCase(), password: PASSWORD, roles: [] }).expect(409);
    for (const extra of [{ id: 1 }, { tokenVersion: 0 }, { passwordHash: 'x' }, { createdAt: '2020-01-01' }]) {
      const response = await as(admin)
        .post('/admin/users', { email: uniqueEmail(), password: PASSWORD, roles: [], ...extra })
        .expect(400);
      expect(response.body.error.details.errors[0].message).toBe('is not allowed');
    }
    await as(admin).post('/admin/users', { email: 'not-an-email', password: PASSWORD, roles: [] }).expect(400);
    await as(admin).post('/admin/users', { email: uniqueEmail(), password: 'short', roles: [] }).expect(400);
    await as(admin)
      .post('/admin/users', { email: uniqueEmail(), password: PASSWORD, roles: [99999] })
      .expect(400);
  });

  it('lets nobody change their own roles or block, through any field', async () => {
    await as(admin)
      .put(`/admin/users/${admin.userId}`, { roles: [roles.editor] })
      .expect(403);
    await as(admin).put(`/admin/users/${admin.userId}`, { blocked: true }).expect(403);
    const editor = await createUser(cms, ['editor']);
    await as(editor)
      .put('/api/auth/me', { roles: [roles['super-admin']] })
      .expect(404);
    await as(editor)
      .post('/api/auth/change-password', {
        currentPassword: PASSWORD,
        password: PASSWORD,
        passwordConfirmation: PASSWORD,
        roles: [1],
      })
      .expect(400);
  });

  it('lets only a super-admin grant super-admin, even to a user manager', async () => {
    const manager = await createUser(cms, []);
    const managerRole = (
      await as(admin)
        .post('/admin/roles', {
          code: 'user-manager',
          name: 'User manager',
          permissions: [{ action: 'manage', subject: 'admin.users' }],
        })
        .expect(201)
    ).body.data;
    await as(admin)
      .put(`/admin/users/${manager.userId}`, { roles: [managerRole.id] })
      .expect(200);
    const session = await login(cms, manager.email, PASSWORD);
    const accomplice = await createUser(cms, []);
    await as(session)
      .put(`/admin/users/${accomplice.userId}`, { roles: [roles['super-admin']] })
      .expect(403);
    await as(session)
      .post('/admin/users', { email: uniqueEmail(), password: PASSWORD, roles: [roles['super-admin']] })
      .expect(403);
    await as(session).put(`/admin/users/${admin.userId}`, { password: 'taken over now!!' }).expect(403);
    await as(session).delete(`/admin/users/${admin.userId}`).expect(403);
    await as(session)
      .put(`/admin/users/${accomplice.userId}`, { roles: [roles.editor] })
      .expect(200);
  });

  it('keeps the last super-admin', async () => {
    const refused = await as(admin).delete(`/admin/users/${admin.userId}`).expect(409);
    expect(refused.body.error.name).toBe('ConflictError');
    await login(cms, TEST_ADMIN.email, TEST_ADMIN.password);
  });

  describe('API tokens', () => {
    it('shows the secret once, lists only its prefix, and works as a bearer until revoked', async () => {
      const created = await as(admin).post('/admin/api-tokens', { name: 'build', type: 'read-only' }).expect(201);
      const { accessKey, id } = created.body.data;
      expect(accessKey).toMatch(/^cms_/);
      const listed = await as(admin).get('/admin/api-tokens').expect(200);
      const entry = listed.body.data.find((token: { id: number }) => token.id === id);
      expect(entry).toMatchObject({
        name: 'build',
        type: 'read-only',
        accessKeyPrefix: accessKey.slice(0, 10),
        lastUsedAt: null,
      });
      expect(JSON.stringify(listed.body)).not.toContain(accessKey);
      const token = { accessToken: accessKey } as Session;
      expect(await decide(token, 'find', 'article')).toEqual({ allowed: true, fields: 'all' });
      expect((await decide(token, 'create', 'article')).allowed).toBe(false);
      await as(token).get('/admin/roles').expect(403);
      const used = await as(admin).get(`/admin/api-tokens/${id}`).expect(200);
      expect(used.body.data.lastUsedAt).toEqual(expect.any(String));
      await as(admin).delete(`/admin/api-tokens/${id}`).expect(200);
      await as(token).get('/test-policy/find/article').expect(401);
    });

    it('takes custom permissions, limited to content and media', async () => {
      const custom = await as(admin)
        .post('/admin/api-tokens', {
          name: 'tags only',
          type: 'custom',
          permissions: [{ action: 'create', subject: 'tag' }],
        })
        .expect(201);
      const token = { accessToken: custom.body.data.accessKey } as Session;
      expect((await decide(token, 'create', 'tag')).allowed).toBe(true);
      expect((await decide(token, 'create', 'article')).allowed).toBe(false);
      await as(admin)
        .post('/admin/api-tokens', {
          name: 'admin',
          type: 'custom',
          permissions: [{ action: 'manage', subject: 'admin.users' }],
        })
        .expect(400);
      await as(admin).post('/admin/api-tokens', { name: 'x', type: 'read-only', permissions: [] }).expect(400);
      await as(admin).post('/admin/api-tokens', { name: 'tags only', type: 'full-access' }).expect(409);
      await as(admin)
        .post('/admin/api-tokens', { name: 'old', type: 'full-access', expiresAt: '2001-01-01T00:00:00Z' })
        .expect(400);
    });

    it('stops working once expired', async () => {
      const created = await as(admin)
        .post('/admin/api-tokens', {
          name: 'short-lived',
          type: 'full-access',
          expiresAt: new Date(Date.now() + 1500).toISOString(),
        })
        .expect(201);
      const token = { accessToken: created.body.data.accessKey } as Session;
      await as(token).get('/test-policy/find/article').expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      await as(token).get('/test-policy/find/article').expect(401);
    });
  });
});
