export type NodeEnv = 'development' | 'production' | 'test';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig =
  | {
      readonly dialect: 'mysql';
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

export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly database: DatabaseConfig;
  readonly corsOrigins: CorsOrigins;
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
  /** How long `/health/ready` answers 503 before the server stops accepting connections. */
  readonly shutdownDrainMs: number;
}
