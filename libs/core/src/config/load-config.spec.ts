import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

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
  });

  it('closes CORS and logs at warn in production unless told otherwise', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
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
      { dialect: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' },
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
