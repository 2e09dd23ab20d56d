import type { MetricsConfig } from './metrics-config';
import type { BackupConfig } from './backup-config';
import type { HttpServerConfig } from './http-config';
import type { RateLimitConfig } from './rate-limit-config';
import type { ReplicaConfig } from './replica-config';
export type NodeEnv = 'development' | 'production' | 'test';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig =
  | {
      readonly dialect: 'mysql';
      /** Set by a `mariadb://` URL; otherwise asked of the server when connecting. */
      readonly flavor?: 'mariadb';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly password: string;
      readonly database: string;
    }
  | { readonly dialect: 'sqlite'; readonly path: string };

/** `false`: believe no proxy; a number: hops to trust; a list: trusted proxy addresses or subnets. */
export type TrustProxy = false | number | readonly string[];

/** `'*'`: any origin; a list: exactly these; `false`: no cross-origin access. */
export type CorsOrigins = '*' | false | readonly string[];

/** How access tokens are signed: a shared secret, or a key pair whose public half is published. */
export type JwtSigning =
  | { readonly algorithm: 'HS256'; readonly secret: string | undefined }
  | { readonly algorithm: 'RS256' | 'ES256'; readonly privateKey: string; readonly publicKey: string };

export interface AuthConfig {
  /** `secret: undefined` outside production: one is generated once and kept under `dataDir`. */
  readonly signing: JwtSigning;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  /** How long an instance trusts its cached view of a session before asking the database again. */
  readonly sessionCacheTtlMs: number;
}

export interface MailConfig {
  /** `smtp://user:pass@host:587`; unset: mail is written to the outbox folder instead. */
  readonly smtpUrl: string | undefined;
  readonly from: string;
  /** Where mail goes without SMTP; default `<dataDir>/outbox`. */
  readonly outboxDir: string | undefined;
  /** The page of the frontend that takes a reset code, as `<url>?code=...`. */
  readonly resetPasswordUrl: string | undefined;
}

export type StorageConfig =
  | { readonly driver: 'local'; readonly directory: string }
  | {
      readonly driver: 's3';
      readonly bucket: string;
      readonly region: string;
      readonly endpoint: string | undefined;
      readonly accessKeyId: string | undefined;
      readonly secretAccessKey: string | undefined;
      readonly forcePathStyle: boolean;
    };

export interface MediaConfig {
  readonly storage: StorageConfig;
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number;
  /** Most files in one upload request. */
  readonly maxFiles: number;
  /** MIME types accepted (`image/*` style patterns); SVG and HTML only when named exactly. */
  readonly allowedTypes: readonly string[];
  /** Base URL files are served from (a CDN, a public bucket); unset: `/uploads` here, or the bucket. */
  readonly publicUrl: string | undefined;
}

export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly database: DatabaseConfig;
  readonly replicas: ReplicaConfig;
  readonly corsOrigins: CorsOrigins;
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
  /** How long `/health/ready` answers 503 before the server stops accepting connections. */
  readonly shutdownDrainMs: number;
  readonly http: HttpServerConfig;
  /** Files the instance keeps: the SQLite default, a generated JWT secret, the mail outbox. */
  readonly dataDir: string;
  /** Content-type definition files applied at start; `explicit` when SCHEMA_DIR named them. */
  readonly schemaDir: { readonly path: string; readonly explicit: boolean };
  /** Without Redis, how often an instance asks the database whether content types changed. */
  readonly schemaPollMs: number;
  /** The most documents one Content API answer may hold, across every populate level. */
  readonly maxAnswerDocuments: number;
  /** Locale fallback chains (`I18N_FALLBACKS=fr-CA:fr,de-AT:de`): what `?fallback=true` tries after a locale. */
  readonly i18nFallbacks: ReadonlyMap<string, readonly string[]>;
  readonly rateLimits: RateLimitConfig;
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so that several deployments can share one server. */
  readonly redisPrefix: string;
  readonly auth: AuthConfig;
  readonly mail: MailConfig;
  readonly backup: BackupConfig;
  readonly metrics: MetricsConfig;
  readonly media: MediaConfig;
}
