import { ConfigError } from './config-error';
import { parseInteger, read, type Env } from './env-reader';

/** How long the HTTP server waits on a client: what keeps slow and idle clients from holding it. */
export interface HttpServerConfig {
  /** From connecting to the end of the request headers (slow headers are a 408). */
  readonly headersTimeoutMs: number;
  /** To receive the whole request, body included; also what a request has to finish after a drain. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
}

export function loadHttpServerConfig(env: Env): HttpServerConfig {
  const config = {
    headersTimeoutMs: read(env, 'HTTP_HEADERS_TIMEOUT_MS', '10000', (v) => parseInteger(v, 100, 600_000)),
    requestTimeoutMs: read(env, 'HTTP_REQUEST_TIMEOUT_MS', '60000', (v) => parseInteger(v, 100, 3_600_000)),
    keepAliveTimeoutMs: read(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', '5000', (v) => parseInteger(v, 100, 600_000)),
  };
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs}), got ${config.headersTimeoutMs}`,
    );
  }
  return config;
}
