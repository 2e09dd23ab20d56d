import { createHash, createPublicKey, randomBytes, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cms/core';

export type SigningAlgorithm = 'HS256' | 'RS256' | 'ES256';

export const GENERATED_SECRET_FILE = 'jwt-secret';

/** The keys access tokens are signed and checked with, and the public ones as a JWK set. */
@Injectable()
export class SigningKeys {
  private readonly logger = new Logger('SigningKeys');
  readonly algorithm: SigningAlgorithm;
  readonly signingKey: string;
  readonly verificationKey: string;
  readonly keyId: string;
  readonly publicJwks: { keys: JsonWebKey[] };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const signing = config.auth.signing;
    this.algorithm = signing.algorithm;
    if (signing.algorithm === 'HS256') {
      const secret = signing.secret ?? this.generatedSecret(config.dataDir);
      this.signingKey = secret;
      this.verificationKey = secret;
      this.keyId = createHash('sha256').update(`kid:${secret}`).digest('base64url').slice(0, 16);
      this.publicJwks = { keys: [] };
    } else {
      this.signingKey = signing.privateKey;
      this.verificationKey = signing.publicKey;
      const jwk = createPublicKey(signing.publicKey).export({ format: 'jwk' });
      this.keyId = thumbprint(jwk);
      this.publicJwks = { keys: [{ ...jwk, kid: this.keyId, alg: signing.algorithm, use: 'sig' }] };
    }
  }

  /** Outside production, a secret generated once and kept under the data folder, with a warning. */
  private generatedSecret(dataDir: string): string {
    const file = join(dataDir, GENERATED_SECRET_FILE);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process of this instance's folder wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
      throw error;
    }
    this.logger.warn(`JWT_SECRET is not set: generated one in ${file}. Set JWT_SECRET in production.`);
    return secret;
  }
}

/** RFC 7638 thumbprint of a public JWK: a stable key id. */
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
