export * from './app-config';
export { ConfigError } from './config-error';
export { loadConfig, type Env } from './load-config';
export { APP_CONFIG, ConfigModule } from './config.module';
export { parseDuration, parseEmail, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth-config';
export type { BackupConfig } from './backup-config';
export type { MetricsConfig } from './metrics-config';
export type { HttpServerConfig } from './http-config';
export type { RateLimit, RateLimitConfig } from './rate-limit-config';
