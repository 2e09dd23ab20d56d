import { parseInteger, read, type Env } from './env-reader';

export interface MetricsConfig {
  /** `GET /metrics` answers a bearer of this token (`METRICS_TOKEN`, at least 16 characters). */
  readonly token: string | undefined;
  /** Or a port of its own serving `/metrics` without a token, for a scraper on a private network. */
  readonly port: number | undefined;
}

export function loadMetricsConfig(env: Env): MetricsConfig {
  return {
    token: read(env, 'METRICS_TOKEN', '', (value) => {
      if (value === '') return undefined;
      if (value.length < 16) throw new Error('must be at least 16 characters');
      return value;
    }),
    port: read(env, 'METRICS_PORT', '', (value) => (value === '' ? undefined : parseInteger(value, 1, 65535))),
  };
}
