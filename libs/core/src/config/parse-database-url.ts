import type { DatabaseConfig } from './app-config';

const SQLITE_PREFIX = 'sqlite:';
const MYSQL_PROTOCOLS = new Set(['mysql:', 'mariadb:']);
const EXPECTED = 'expected mysql://user:pass@host:3306/db, sqlite:./path/file.sqlite or sqlite::memory:';

/** Parses `DATABASE_URL`; throws an Error whose message says what is wrong (never echoing a password). */
export function parseDatabaseUrl(value: string): DatabaseConfig {
  if (value.startsWith(SQLITE_PREFIX)) return parseSqlite(value.slice(SQLITE_PREFIX.length));
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${EXPECTED}, got a value that is not a URL`);
  }
  if (!MYSQL_PROTOCOLS.has(url.protocol)) {
    throw new Error(`${EXPECTED}, got scheme "${url.protocol.slice(0, -1)}"`);
  }
  return parseMysql(url);
}

function parseSqlite(rest: string): DatabaseConfig {
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path === '') throw new Error(`${EXPECTED}, got an empty sqlite path`);
  if (path.includes('\0')) throw new Error('the sqlite path contains a NUL character');
  return { dialect: 'sqlite', path };
}

function parseMysql(url: URL): DatabaseConfig {
  if (url.hostname === '') throw new Error(`${EXPECTED}, got no host`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') throw new Error(`${EXPECTED}, got no database name after the host`);
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) {
    throw new Error(`database name "${database}" must be 1-64 letters, digits, "_", "$" or "-"`);
  }
  if (url.search !== '') throw new Error('query parameters are not supported in a mysql URL');
  const port = url.port === '' ? 3306 : Number(url.port);
  return {
    dialect: 'mysql',
    ...(url.protocol === 'mariadb:' ? { flavor: 'mariadb' as const } : {}),
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database,
  };
}
