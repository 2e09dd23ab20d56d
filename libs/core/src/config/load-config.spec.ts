import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const SECRET = 'a-secret-of-at-least-thirty-two-bytes!';

describe(loadConfig.name, () => {
  it('serves on port 3000 with the embedded SQLite file when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ dialect: 'sqlite', path: './data/cms.sqlite' });
    expect(config.nodeEnv).toBe('development');
    expect(config.corsOrigins).toBe('*');
    expect(config.trustProxy).toBe(false);
    expect(config.logLevel).toBe('info');
    expect(config.shutdownDrainMs).toBe(0);
    expect(config.http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000 });
  });

  it('reads read replicas of a MySQL primary, refusing them for SQLite or a URL that is not mysql', () => {
    expect(loadConfig({}).replicas).toEqual({ endpoints: [], maxLagMs: 2000 });
    const config = loadConfig({
      DATABASE_URL: 'mysql://cms:pw@primary:3306/cms',
      DATABASE_REPLICA_URLS: 'mysql://reader:pw@replica1/cms, mariadb://reader:pw@replica2:3307/cms',
      DATABASE_REPLICA_MAX_LAG_MS: '5000',
    });
    expect(config.replicas.maxLagMs).toBe(5000);
    expect(config.replicas.endpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`)).toEqual([
      'replica1:3306',
      'replica2:3307',
    ]);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'mysql://r@replica/cms' })).toThrow(
      'DATABASE_REPLICA_URLS: read replicas need a MySQL or MariaDB DATABASE_URL',
    );
    expect(() =>
      loadConfig({ DATABASE_URL: 'mysql://cms@primary/cms', DATABASE_REPLICA_URLS: 'sqlite:./replica.sqlite' }),
    ).toThrow('DATABASE_REPLICA_URLS: replica 1 is not a mysql:// or mariadb:// URL');
  });

  it('reads request budgets as requests per window, off unless set', () => {
    expect(loadConfig({}).rateLimits).toEqual({ roleDefault: null, apiTokens: null });
    const config = loadConfig({ RATE_LIMIT: '100/30s', RATE_LIMIT_API_TOKENS: '6000/1m' });
    expect(config.rateLimits).toEqual({
      roleDefault: { points: 100, durationSeconds: 30 },
      apiTokens: { points: 6000, durationSeconds: 60 },
    });
    for (const wrong of ['100', '0/1m', '100/1m/2', 'many/1m', '100/soon']) {
      expect(() => loadConfig({ RATE_LIMIT: wrong })).toThrow(/^RATE_LIMIT: /);
    }
  });

  it('reads the HTTP timeouts, refusing headers that may take longer than the whole request', () => {
    const env = {
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '3000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
    };
    expect(loadConfig(env).http).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 3000, keepAliveTimeoutMs: 65000 });
    expect(() => loadConfig({ ...env, HTTP_HEADERS_TIMEOUT_MS: '4000' })).toThrow(
      'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (3000), got 4000',
    );
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_MS: 'soon' })).toThrow(/^HTTP_KEEP_ALIVE_TIMEOUT_MS: /);
  });

  it('closes CORS and logs at warn in production unless told otherwise', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET });
    expect(config.corsOrigins).toBe(false);
    expect(config.logLevel).toBe('warn');
  });

  it.each([
    ['sqlite::memory:', { dialect: 'sqlite', path: ':memory:' }],
    ['sqlite:/var/lib/cms.sqlite', { dialect: 'sqlite', path: '/var/lib/cms.sqlite' }],
    ['sqlite:///var/lib/cms.sqlite', { dialect: 'sqlite', path: '/var/lib/cms.sqlite' }],
    [
      'mysql://cms:s%40cret@db.internal:3307/content',
      { dialect: 'mysql', host: 'db.internal', port: 3307, user: 'cms', password: 's@cret', database: 'content' },
    ],
    [
      'mariadb://root@127.0.0.1/test',
      {
        dialect: 'mysql',
        flavor: 'mariadb',
        host: '127.0.0.1',
        port: 3306,
        user: 'root',
        password: '',
        database: 'test',
      },
    ],
  ])('reads DATABASE_URL %s', (url, expected) => {
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual(expected);
  });

  it.each([
    ['DATABASE_URL', 'postgres://u@h/db', /DATABASE_URL: expected mysql:\/\/.*got scheme "postgres"/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL: .*not a URL/],
    ['DATABASE_URL', 'mysql://root@127.0.0.1:3306', /DATABASE_URL: .*no database name/],
    ['DATABASE_URL', 'mysql://root@127.0.0.1/bad;name', /DATABASE_URL: database name "bad;name"/],
    ['DATABASE_URL', 'mysql://root@127.0.0.1:99999/db', /DATABASE_URL: expected .*not a URL/],
    ['DATABASE_URL', 'sqlite:', /DATABASE_URL: .*empty sqlite path/],
    ['PORT', 'eighty', /PORT: must be an integer from 1 to 65535, got "eighty"/],
    ['PORT', '0', /PORT: must be an integer/],
    ['PORT', '70000', /PORT: must be an integer/],
    ['SHUTDOWN_DRAIN_MS', '-5', /SHUTDOWN_DRAIN_MS: must be an integer from 0 to 600000/],
    ['NODE_ENV', 'staging', /NODE_ENV: must be one of development, production, test, got "staging"/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL: must be one of fatal, error/],
    ['CORS_ORIGINS', 'https://a.example/', /CORS_ORIGINS: .*without path or slash/],
    ['CORS_ORIGINS', 'a.example', /CORS_ORIGINS: "a.example" is not an origin/],
    ['TRUST_PROXY', '10.0.0.1/99', /TRUST_PROXY: must be a hop count/],
    ['TRUST_PROXY', 'proxy.internal', /TRUST_PROXY: must be a hop count/],
    ['JWT_SECRET', 'too-short', /JWT_SECRET: must be at least 32 bytes/],
    ['JWT_ACCESS_TTL', '15 minutes', /JWT_ACCESS_TTL: expected a duration/],
    ['JWT_REFRESH_TTL', '1m', /JWT_REFRESH_TTL: must be longer than JWT_ACCESS_TTL/],
    ['JWT_PRIVATE_KEY', 'not a pem', /JWT_PUBLIC_KEY: must be set together with JWT_PRIVATE_KEY/],
    ['ADMIN_EMAIL', 'not-an-email', /ADMIN_EMAIL: "not-an-email" is not an email address/],
    ['ADMIN_PASSWORD', 'short', /ADMIN_PASSWORD: must be 12 to 128 characters long/],
    ['REDIS_URL', 'http://cache:6379', /REDIS_URL: expected redis:\/\/ or rediss:\/\//],
    ['SMTP_URL', 'mail.example.com', /SMTP_URL: is not a URL/],
    ['I18N_FALLBACKS', 'fr-CA', /I18N_FALLBACKS: expected locale:fallback/],
    ['I18N_FALLBACKS', 'fr-CA:f r', /I18N_FALLBACKS: expected locale:fallback/],
    ['CONTENT_MAX_DOCUMENTS', '10', /CONTENT_MAX_DOCUMENTS: must be an integer from 100/],
  ])('refuses %s=%s with one line naming the variable', (name, value, message) => {
    const attempt = () => loadConfig({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes the database password in an error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@h/db?ssl=1' })).toThrow(/query parameters/);
    try {
      loadConfig({ DATABASE_URL: 'mysql://u:hunter2@h/db?ssl=1' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('reads locale fallback chains', () => {
    const { i18nFallbacks } = loadConfig({ I18N_FALLBACKS: 'fr-CA:fr, de-AT:de:en' });
    expect([...i18nFallbacks]).toEqual([
      ['fr-CA', ['fr']],
      ['de-AT', ['de', 'en']],
    ]);
    expect(loadConfig({}).i18nFallbacks.size).toBe(0);
  });

  it('reads CORS origins and trusted proxies as lists', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      TRUST_PROXY: 'loopback, 10.0.0.0/8, ::1',
    });
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(config.trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });
});

describe('loadConfig: access-token signing', () => {
  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^JWT_SECRET: is required when NODE_ENV=production/);
  });

  it('leaves the secret to be generated outside production', () => {
    expect(loadConfig({}).auth.signing).toEqual({ algorithm: 'HS256', secret: undefined });
  });

  it.each([
    ['rsa', { modulusLength: 2048 }, 'RS256'],
    ['ec', { namedCurve: 'prime256v1' }, 'ES256'],
  ] as const)('signs with %s keys as %s', (type, options, algorithm) => {
    const { privateKey, publicKey } = generateKeyPairSync(
      type as 'rsa',
      {
        ...(options as object),
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      } as never,
    ) as unknown as { privateKey: string; publicKey: string };
    // Process managers often turn line breaks into literal \n.
    const config = loadConfig({ JWT_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'), JWT_PUBLIC_KEY: publicKey });
    expect(config.auth.signing.algorithm).toBe(algorithm);
  });

  it('refuses a public key that is not the half of the private one', () => {
    const pair = () =>
      generateKeyPairSync('ec', {
        namedCurve: 'prime256v1',
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
    const one = pair();
    const other = pair();
    expect(() => loadConfig({ JWT_PRIVATE_KEY: one.privateKey, JWT_PUBLIC_KEY: other.publicKey })).toThrow(
      /^JWT_PUBLIC_KEY: is not the public half of JWT_PRIVATE_KEY$/,
    );
  });

  it('reads token lifetimes as durations', () => {
    const { auth } = loadConfig({ JWT_ACCESS_TTL: '90s', JWT_REFRESH_TTL: '7d' });
    expect([auth.accessTtlSeconds, auth.refreshTtlSeconds]).toEqual([90, 604800]);
  });

  it('stores media on local disk under DATA_DIR by default, 50 MB a file, SVG and HTML not accepted', () => {
    const { media } = loadConfig({ DATA_DIR: '/srv/cms' });
    expect(media.storage).toEqual({ driver: 'local', directory: '/srv/cms/uploads' });
    expect(media.maxBytes).toBe(52428800);
    expect(media.allowedTypes).toContain('image/*');
    expect(media.allowedTypes).not.toContain('image/svg+xml');
    expect(loadConfig({ UPLOAD_DIR: '/mnt/media' }).media.storage).toEqual({
      driver: 'local',
      directory: '/mnt/media',
    });
  });

  it('reads the S3 driver, needing a bucket, and refuses malformed media settings', () => {
    const { media } = loadConfig({
      UPLOAD_DRIVER: 's3',
      S3_BUCKET: 'my-media',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      UPLOAD_PUBLIC_URL: 'https://cdn.example.com/',
    });
    expect(media.storage).toMatchObject({
      driver: 's3',
      bucket: 'my-media',
      region: 'us-east-1',
      forcePathStyle: true,
    });
    expect(media.publicUrl).toBe('https://cdn.example.com');
    expect(() => loadConfig({ UPLOAD_DRIVER: 's3' })).toThrow(/^S3_BUCKET: /);
    expect(() => loadConfig({ UPLOAD_DRIVER: 'ftp' })).toThrow(/^UPLOAD_DRIVER: /);
    expect(() => loadConfig({ UPLOAD_MAX_BYTES: '-1' })).toThrow(/^UPLOAD_MAX_BYTES: /);
    expect(() => loadConfig({ UPLOAD_ALLOWED_TYPES: 'image/png,not a type' })).toThrow(/^UPLOAD_ALLOWED_TYPES: /);
    expect(() => loadConfig({ UPLOAD_PUBLIC_URL: 'ftp://x' })).toThrow(/^UPLOAD_PUBLIC_URL: /);
  });

  it('reads the backup settings: a 32-byte key, a folder, a schedule, how many to keep, a bucket with S3', () => {
    const backup = loadConfig({
      DATA_DIR: '/var/cms',
      BACKUP_KEY: 'ab'.repeat(32),
      BACKUP_SCHEDULE: '0 3 * * *',
    }).backup;
    expect(backup).toEqual({
      key: Buffer.from('ab'.repeat(32), 'hex'),
      dir: '/var/cms/backups',
      schedule: '0 3 * * *',
      keep: 7,
      s3Bucket: undefined,
    });
    expect(loadConfig({ BACKUP_KEY: Buffer.alloc(32, 7).toString('base64') }).backup.key).toEqual(Buffer.alloc(32, 7));
    expect(() => loadConfig({ BACKUP_KEY: 'short' })).toThrow(/^BACKUP_KEY: must be 32 bytes/);
    expect(() => loadConfig({ BACKUP_KEEP: '0' })).toThrow(/^BACKUP_KEEP: /);
    expect(() => loadConfig({ BACKUP_S3_BUCKET: 'backups' })).toThrow(/^BACKUP_S3_BUCKET: needs UPLOAD_DRIVER=s3/);
    expect(loadConfig({ UPLOAD_DRIVER: 's3', S3_BUCKET: 'media', BACKUP_S3_BUCKET: 'backups' }).backup.s3Bucket).toBe(
      'backups',
    );
  });
});
