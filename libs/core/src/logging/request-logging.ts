import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request as the middleware leaves it: with its id. */
type IdentifiedRequest = IncomingMessage & { id?: string; originalUrl?: string };

/** What a log record says of a request: enough to follow it, never headers, bodies or cookies. */
export interface RequestLogFields {
  readonly id: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly remoteAddress: string | undefined;
}

export function requestLogFields(req: IncomingMessage): RequestLogFields {
  const request = req as IdentifiedRequest;
  return {
    id: request.id,
    method: request.method,
    url: request.originalUrl ?? request.url,
    remoteAddress: request.socket?.remoteAddress,
  };
}

/**
 * Gives every request an id (the client's `X-Request-Id` when it is sane, else a new UUID), echoes
 * it, and logs one record when the response ends: `request completed` at info, at error for a 5xx,
 * or `request aborted` when the client left first. Health probes that succeed are not logged.
 *
 * Nothing is built for the log unless its level is enabled: at `warn`, a successful request costs
 * an id and one listener. (pino-http built a child logger with the request bound to it for every
 * request, and nestjs-pino ran each request in an AsyncLocalStorage context: together a third of
 * the CPU of a cached read.)
 */
export function requestLogging(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    (req as IdentifiedRequest).id = assignRequestId(req, res);
    const started = performance.now();
    res.once('close', () => logEnd(logger, req, res, performance.now() - started));
    next();
  };
}

function logEnd(logger: Logger, req: IncomingMessage, res: ServerResponse, elapsedMs: number): void {
  const failed = res.statusCode >= 500;
  const level = failed ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const fields = requestLogFields(req);
  if (!failed && res.writableFinished && fields.url?.startsWith('/health/')) return;
  logger[level](
    { req: fields, res: { statusCode: res.statusCode }, responseTime: Math.round(elapsedMs) },
    res.writableFinished ? 'request completed' : 'request aborted',
  );
}

function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
