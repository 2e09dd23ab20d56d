import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { AuthConfig, JwtSigning, MailConfig } from './app-config';
import { ConfigError } from './config-error';
import { parseInteger, read, type Env } from './env-reader';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
const MIN_SECRET_BYTES = 32;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

export function loadAuthConfig(env: Env, production: boolean): AuthConfig {
  const accessTtlSeconds = read(env, 'JWT_ACCESS_TTL', '15m', parseDuration);
  const refreshTtlSeconds = read(env, 'JWT_REFRESH_TTL', '30d', parseDuration);
  if (refreshTtlSeconds <= accessTtlSeconds) {
    throw new ConfigError('JWT_REFRESH_TTL', 'must be longer than JWT_ACCESS_TTL');
  }
  return {
    signing: readSigning(env, production),
    issuer: read(env, 'JWT_ISSUER', 'nest-cms', (v) => v),
    audience: read(env, 'JWT_AUDIENCE', 'nest-cms-api', (v) => v),
    accessTtlSeconds,
    refreshTtlSeconds,
    adminEmail: read(env, 'ADMIN_EMAIL', '', (v) => (v === '' ? undefined : parseEmail(v))),
    adminPassword: read(env, 'ADMIN_PASSWORD', '', (v) => (v === '' ? undefined : parsePassword(v))),
    sessionCacheTtlMs: read(env, 'AUTH_CACHE_TTL_MS', '2000', (v) => parseInteger(v, 0, 300_000)),
  };
}

export function loadMailConfig(env: Env): MailConfig {
  return {
    smtpUrl: read(env, 'SMTP_URL', '', (v) => (v === '' ? undefined : parseUrl(v, ['smtp:', 'smtps:']))),
    from: read(env, 'MAIL_FROM', 'CMS <no-reply@localhost>', (v) => v),
    outboxDir: read(env, 'MAIL_OUTBOX_DIR', '', (v) => (v === '' ? undefined : v)),
    resetPasswordUrl: read(env, 'RESET_PASSWORD_URL', '', (v) =>
      v === '' ? undefined : parseUrl(v, ['http:', 'https:']),
    ),
  };
}

/** `90`, `90s`, `15m`, `12h`, `30d` → seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value);
  if (!match) throw new Error(`expected a duration such as 900, 15m, 12h or 30d, got "${value}"`);
  const seconds = Number(match[1]) * UNITS[match[2] || 's']!;
  if (seconds < 1) throw new Error('must be at least one second');
  return seconds;
}

export function parseEmail(value: string): string {
  if (!EMAIL.test(value) || value.length > 254) throw new Error(`"${value}" is not an email address`);
  return value.toLowerCase();
}

function parsePassword(value: string): string {
  if (value.length < PASSWORD_MIN_LENGTH || value.length > PASSWORD_MAX_LENGTH) {
    throw new Error(`must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
  return value;
}

export function parseUrl(value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('is not a URL');
  }
  if (!protocols.includes(url.protocol)) {
    throw new Error(`expected a ${protocols.join(' or ')} URL, got scheme "${url.protocol.slice(0, -1)}"`);
  }
  return value;
}

function readSigning(env: Env, production: boolean): JwtSigning {
  const privatePem = read(env, 'JWT_PRIVATE_KEY', '', pem);
  const publicPem = read(env, 'JWT_PUBLIC_KEY', '', pem);
  if (privatePem || publicPem) {
    if (!privatePem) throw new ConfigError('JWT_PRIVATE_KEY', 'must be set together with JWT_PUBLIC_KEY');
    if (!publicPem) throw new ConfigError('JWT_PUBLIC_KEY', 'must be set together with JWT_PRIVATE_KEY');
    const privateKey = read(env, 'JWT_PRIVATE_KEY', '', (v) => createPrivateKey(pem(v)));
    const publicKey = read(env, 'JWT_PUBLIC_KEY', '', (v) => createPublicKey(pem(v)));
    const algorithm = read(env, 'JWT_PRIVATE_KEY', '', () => algorithmOf(privateKey));
    if (!samePair(privateKey, publicKey)) {
      throw new ConfigError('JWT_PUBLIC_KEY', 'is not the public half of JWT_PRIVATE_KEY');
    }
    return { algorithm, privateKey: privatePem, publicKey: publicPem };
  }
  const secret = read(env, 'JWT_SECRET', '', (v) => {
    if (v !== '' && Buffer.byteLength(v) < MIN_SECRET_BYTES)
      throw new Error(`must be at least ${MIN_SECRET_BYTES} bytes`);
    return v === '' ? undefined : v;
  });
  if (!secret && production) {
    throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production (or set JWT_PRIVATE_KEY/JWT_PUBLIC_KEY)');
  }
  return { algorithm: 'HS256', secret };
}

/** PEM text, also when a process manager turned its line breaks into literal `\n`. */
function pem(value: string): string {
  return value.replace(/\\n/g, '\n');
}

function algorithmOf(key: KeyObject): 'RS256' | 'ES256' {
  if (key.asymmetricKeyType === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      throw new Error('an RSA key must have 2048 bits or more');
    return 'RS256';
  }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error('must be an RSA key (RS256) or an EC P-256 key (ES256)');
}

function samePair(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const derived = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return derived.equals(publicKey.export({ format: 'der', type: 'spki' }));
}
