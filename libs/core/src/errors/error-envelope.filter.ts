import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from 'pino';
import { requestLogFields, ROOT_LOGGER } from '../logging';
import { toErrorResponse } from './to-error-response';

/** The one place where anything thrown becomes an HTTP response in the contract's envelope. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const http = host.switchToHttp();
    const response = http.getResponse();
    const { status, body, retryAfterSeconds, expected } = toErrorResponse(exception);
    // Logged with the request's id, which its `request completed` record also carries.
    if (!expected) this.logger.error({ err: exception, req: requestLogFields(http.getRequest()) }, 'request failed');
    if (httpAdapter.isHeadersSent(response)) {
      httpAdapter.end(response);
      return;
    }
    if (retryAfterSeconds !== undefined) {
      httpAdapter.setHeader(response, 'Retry-After', String(Math.ceil(retryAfterSeconds)));
    }
    httpAdapter.reply(response, body, status);
  }
}
