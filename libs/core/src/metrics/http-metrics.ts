import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

/**
 * Where a middleware that answers before routing (the read cache's shortcut) says which route
 * template it answered for.
 */
export const ROUTE_TEMPLATE = 'routeTemplate';

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
      metrics.observeRequest(routeOf(request, response), request.method, response.statusCode, seconds);
    });
    next();
  };
}

function routeOf(request: Request, response: Response): string {
  // First: a middleware's own route (`/api/*path`) is not the template it answered for.
  const answered: unknown = response.locals[ROUTE_TEMPLATE];
  if (typeof answered === 'string') return answered;
  const route = (request as Request & { route?: { path?: unknown } }).route?.path;
  if (typeof route === 'string') return `${request.baseUrl}${route}`;
  return request.path === '/metrics' ? '/metrics' : '(unmatched)';
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
