import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: refresh tokens, reset codes and API keys. */
export function generateSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a secret: high-entropy values need no slow hash, only one-wayness. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
