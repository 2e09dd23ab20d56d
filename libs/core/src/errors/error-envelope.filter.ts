import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { toErrorResponse } from './to-error-response';

/** The one place where anything thrown becomes an HTTP response in the contract's envelope. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse();
    const { status, body, retryAfterSeconds, expected } = toErrorResponse(exception);
    if (!expected) this.logger.error({ err: exception }, 'request failed');
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
