import { createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { createUser, loginAsAdmin } from './support/auth';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app';

const jwt = new JwtService();
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens (HS256)', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp();
  });

  afterAll(() => cms.close());

  const me = (token: string) => cms.http().get('/api/auth/me').auth(token, { type: 'bearer' });

  /** The claims of a real session, to forge variants of. */
  async function realClaims(): Promise<Record<string, unknown>> {
    const session = await loginAsAdmin(cms);
    return JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString());
  }

  const sign = (claims: object, options: Parameters<JwtService['sign']>[1]) => jwt.sign(claims, options);

  it('accepts a genuine token', async () => {
    const claims = await realClaims();
    await me(sign(claims, { secret: TEST_JWT_SECRET, algorithm: 'HS256' })).expect(200);
  });

  it('refuses alg none', async () => {
    const claims = await realClaims();
    await me(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`).expect(401);
  });

  it('refuses another algorithm, even with the right secret', async () => {
    const claims = await realClaims();
    await me(sign(claims, { secret: TEST_JWT_SECRET, algorithm: 'HS512' })).expect(401);
  });

  it('refuses a token signed with another key', async () => {
    const claims = await realClaims();
    await me(sign(claims, { secret: 'another-secret-of-at-least-thirty-two-b', algorithm: 'HS256' })).expect(401);
  });

  it('refuses a token past its expiry', async () => {
    const claims = await realClaims();
    const past = Math.floor(Date.now() / 1000) - 60;
    await me(sign({ ...claims, iat: past - 900, exp: past }, { secret: TEST_JWT_SECRET, algorithm: 'HS256' })).expect(
      401,
    );
  });

  it('refuses a wrong issuer or audience', async () => {
    const claims = await realClaims();
    await me(sign({ ...claims, iss: 'someone-else' }, { secret: TEST_JWT_SECRET })).expect(401);
    await me(sign({ ...claims, aud: 'another-api' }, { secret: TEST_JWT_SECRET })).expect(401);
  });

  it('refuses a forged subject, session or token version', async () => {
    const claims = await realClaims();
    const options = { secret: TEST_JWT_SECRET, algorithm: 'HS256' as const };
    await me(sign({ ...claims, sub: '999999' }, options)).expect(401);
    await me(sign({ ...claims, sid: randomUUID() }, options)).expect(401);
    await me(sign({ ...claims, tv: Number(claims.tv) + 1 }, options)).expect(401);
  });

  it('refuses garbage and malformed Authorization headers instead of treating them as public', async () => {
    await me('not-a-token').expect(401);
    await cms.http().get('/api/auth/me').set('Authorization', 'Bearer').expect(401);
    await cms.http().get('/api/auth/me').set('Authorization', 'Basic YWRtaW46YWRtaW4=').expect(401);
    const response = await cms.http().get('/health/live').set('Authorization', 'Bearer junk').expect(401);
    expect(response.body.error.name).toBe('UnauthorizedError');
  });

  it('refuses the tokens of a blocked user and of a deleted user at once', async () => {
    const admin = await loginAsAdmin(cms);
    const blocked = await createUser(cms, []);
    const deleted = await createUser(cms, []);
    await me(blocked.accessToken).expect(200);
    await me(deleted.accessToken).expect(200);
    await cms
      .http()
      .put(`/admin/users/${blocked.userId}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ blocked: true })
      .expect(200);
    await cms.http().delete(`/admin/users/${deleted.userId}`).auth(admin.accessToken, { type: 'bearer' }).expect(200);
    await me(blocked.accessToken).expect(401);
    await me(deleted.accessToken).expect(401);
    await cms.http().post('/api/auth/refresh').send({ refreshToken: blocked.refreshToken }).expect(401);
    const signIn = await cms
      .http()
      .post('/api/auth/login')
      .send({ email: blocked.email, password: 'a long enough password' });
    expect(signIn.status).toBe(403);
    expect(signIn.body.error.name).toBe('ForbiddenError');
    await cms
      .http()
      .put(`/admin/users/${blocked.userId}`)
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ blocked: false })
      .expect(200);
    await me(blocked.accessToken).expect(401);
  });

  it('publishes no public key for a shared secret', async () => {
    await cms.http().get('/.well-known/jwks.json').expect(200, { keys: [] });
  });
});

describe.each(['rsa', 'ec'] as const)('access tokens signed with an %s key pair', (type) => {
  let cms: TestApp;
  const pair = generateKeyPairSync(
    type as 'rsa',
    {
      ...(type === 'rsa' ? { modulusLength: 2048 } : { namedCurve: 'prime256v1' }),
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    } as never,
  ) as unknown as { privateKey: string; publicKey: string };
  const algorithm = type === 'rsa' ? 'RS256' : 'ES256';

  beforeAll(async () => {
    cms = await startTestApp({
      env: { JWT_SECRET: '', JWT_PRIVATE_KEY: pair.privateKey, JWT_PUBLIC_KEY: pair.publicKey },
    });
  });

  afterAll(() => cms.close());

  it('publishes the public key as a JWK set that verifies our tokens', async () => {
    const session = await loginAsAdmin(cms);
    const { body } = await cms.http().get('/.well-known/jwks.json').expect(200);
    expect(body.keys).toHaveLength(1);
    const [header, payload, signature] = session.accessToken.split('.') as [string, string, string];
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
    expect(body.keys[0]).toMatchObject({ kid, alg: algorithm, use: 'sig' });
    const key = createPublicKey({ key: body.keys[0], format: 'jwk' });
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      type === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key,
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
    await cms.http().get('/api/auth/me').auth(session.accessToken, { type: 'bearer' }).expect(200);
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const session = await loginAsAdmin(cms);
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString());
    const forged = jwt.sign(claims, { secret: pair.publicKey, algorithm: 'HS256' });
    await cms.http().get('/api/auth/me').auth(forged, { type: 'bearer' }).expect(401);
  });
});
