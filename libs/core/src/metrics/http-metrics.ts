import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

/** Content reads answered before routing (the read cache's shortcut) have these templates. */
const CONTENT_READ = /^\/api\/[^/?]+(\/[^/?]+)?\/?(\?|$)/;

/**
 * Times every request and counts it by route template (`/api/:pluralName/:documentId`, never the
 * raw URL, which would make a series per document), method and status. A request no route took
 * counts as `(unmatched)`.
 */
export function httpMetrics(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(routeOf(request), request.method, response.statusCode, seconds);
    });
    next();
  };
}

function routeOf(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route?.path;
  if (typeof route === 'string') return `${request.baseUrl}${route}`;
  if (request.path === '/metrics') return '/metrics';
  const read = request.method === 'GET' ? CONTENT_READ.exec(request.originalUrl) : null;
  if (read) return read[1] ? '/api/:pluralName/:documentId' : '/api/:pluralName';
  return '(unmatched)';
}

/**
 * `GET /metrics`, answered before routing (and so before authentication) to a bearer of
 * METRICS_TOKEN; anyone else goes on to the router, which finds nothing there (a 404).
 */
export function metricsEndpoint(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' || request.path !== '/metrics' || !metrics.allows(request.headers.authorization))
      return next();
    metrics.registry.metrics().then((text) => {
      response.setHeader('Content-Type', metrics.registry.contentType);
      response.setHeader('Cache-Control', 'no-store');
      response.send(text);
    }, next);
  };
}
