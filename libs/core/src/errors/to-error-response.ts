import { HttpException } from '@nestjs/common';
import { isTransientDatabaseError } from '../database/database-errors';
import { DomainError } from './domain-error';
import { errorEnvelope, errorNameForStatus, type ErrorEnvelope } from './error-envelope';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorEnvelope;
  readonly retryAfterSeconds?: number;
  /** False for failures a client did not cause: they are logged with their stack. */
  readonly expected: boolean;
}

/** Errors raised by Express's body parsers (http-errors objects), by their `type`. */
const BODY_PARSER_ERRORS: Record<string, { status: number; message: (limit?: number) => string }> = {
  'entity.parse.failed': { status: 400, message: () => 'Malformed JSON in the request body' },
  'entity.too.large': {
    status: 413,
    message: (limit) => `The request body is larger than ${limit ? formatBytes(limit) : 'the limit'}`,
  },
  'encoding.unsupported': { status: 415, message: () => 'Unsupported content encoding' },
  'charset.unsupported': { status: 415, message: () => 'Unsupported charset' },
  'request.aborted': { status: 400, message: () => 'The request was aborted' },
  'request.size.invalid': { status: 400, message: () => 'The request size does not match Content-Length' },
  'parameters.too.many': { status: 413, message: () => 'Too many parameters in the request body' },
};

const INTERNAL = errorEnvelope(500, 'ApplicationError', 'Internal Server Error');
const DATABASE_UNREACHABLE: ErrorResponse = {
  status: 503,
  body: errorEnvelope(503, 'ServiceUnavailableError', 'The database is unreachable'),
  // A restarted server or a failed-over primary is usually back within seconds.
  retryAfterSeconds: 2,
  // Not the client's fault, but not a bug either: readiness logs the outage once, not per request.
  expected: true,
};

/**
 * Turns anything thrown while serving a request into the contract's envelope. Unknown errors become
 * a 500 with a fixed message: their text may hold SQL or paths and never reaches the client.
 */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      body: errorEnvelope(exception.status, exception.errorName, exception.message, exception.details),
      retryAfterSeconds: exception.retryAfterSeconds,
      expected: exception.status < 500,
    };
  }
  // Nest wraps a body parser's error in an HttpException and keeps the original as its cause.
  if (exception instanceof HttpException) return fromBodyParser(exception.cause) ?? fromHttpException(exception);
  if (isTransientDatabaseError(exception)) return DATABASE_UNREACHABLE;
  return fromBodyParser(exception) ?? { status: 500, body: INTERNAL, expected: false };
}

function fromHttpException(exception: HttpException): ErrorResponse {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const name = errorNameForStatus(status);
  if (status >= 500 && status !== 503)
    return { status, body: errorEnvelope(status, name, 'Internal Server Error'), expected: false };
  const message =
    typeof response === 'string'
      ? response
      : typeof (response as { message?: unknown }).message === 'string'
        ? (response as { message: string }).message
        : exception.message;
  return { status, body: errorEnvelope(status, name, message), expected: true };
}

function fromBodyParser(exception: unknown): ErrorResponse | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { type, limit } = exception as { type?: unknown; limit?: unknown };
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  if (!known) return undefined;
  const message = known.message(typeof limit === 'number' ? limit : undefined);
  return {
    status: known.status,
    body: errorEnvelope(known.status, errorNameForStatus(known.status), message),
    expected: true,
  };
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
