import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from '../config';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER, requestLogging, ROOT_LOGGER } from '../logging';
import { refusePrototypeKeys } from './prototype-keys';
import { parseQueryString } from './query-string';
import { serverTiming } from './server-timing';
import { httpMetrics, metricsEndpoint } from '../metrics/http-metrics';
import { MetricsService } from '../metrics/metrics.service';
import { ShutdownDrain } from '../health/shutdown-drain';

/** Largest JSON body accepted; larger ones are 413. Uploads use multipart and their own limit. */
export const JSON_BODY_LIMIT = '1mb';

/**
 * The HTTP shell every route shares: connections closed while draining, request metrics, request ids and logs, security headers, CORS,
 * trusted proxies and body limits.
 * The application must be created with `bodyParser: false` so that these limits are the only ones.
 */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', parseQueryString);
  app.use(app.get(ShutdownDrain).closeConnections);
  app.use(httpMetrics(app.get(MetricsService)));
  app.use(metricsEndpoint(app.get(MetricsService)));
  app.use(requestLogging(app.get<symbol, Logger>(ROOT_LOGGER)));
  app.use(serverTiming(config.nodeEnv === 'production'));
  app.use(
    helmet({
      contentSecurityPolicy: {
        // The API may sit behind plain HTTP in development; the docs page must still load its assets.
        directives: { upgradeInsecureRequests: null },
      },
    }),
  );
  app.enableCors({
    origin: config.corsOrigins === '*' ? '*' : config.corsOrigins === false ? false : [...config.corsOrigins],
    exposedHeaders: [REQUEST_ID_HEADER, 'Retry-After', 'ETag', 'Server-Timing', 'Cache-Status', 'Warning'],
    maxAge: 600,
  });
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  // Every body, DTO-typed or not: `__proto__`, `constructor` and `prototype` are never data.
  app.use(refusePrototypeKeys);
}
