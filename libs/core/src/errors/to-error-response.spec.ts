import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { toErrorResponse } from './to-error-response';

describe(toErrorResponse.name, () => {
  it('answers a domain error with its contract name, status, message and details', () => {
    const issue = { path: ['data', 'title'], message: 'is required', name: 'ValidationError' };
    const response = toErrorResponse(DomainError.validation('INVALID_BODY', 'Invalid body', [issue]));
    expect(response).toEqual({
      status: 400,
      body: {
        data: null,
        error: { status: 400, name: 'ValidationError', message: 'Invalid body', details: { errors: [issue] } },
      },
      retryAfterSeconds: undefined,
      expected: true,
    });
  });

  it('carries Retry-After of a rate limit', () => {
    const error = new DomainError('RateLimitError', 'TOO_MANY_ATTEMPTS', 'Too many attempts', {}, 30);
    expect(toErrorResponse(error)).toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });

  it('answers 503 when the database cannot be reached, whether TypeORM wrapped the driver error or not', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    const wrapped = Object.assign(new Error('Connection lost'), { driverError: { code: 'PROTOCOL_CONNECTION_LOST' } });
    for (const error of [refused, wrapped]) {
      expect(toErrorResponse(error)).toEqual({
        status: 503,
        body: {
          data: null,
          error: { status: 503, name: 'ServiceUnavailableError', message: 'The database is unreachable', details: {} },
        },
        retryAfterSeconds: 2,
        expected: true,
      });
    }
    const syntax = Object.assign(new Error('You have an error in your SQL'), { code: 'ER_PARSE_ERROR' });
    expect(toErrorResponse(syntax).status).toBe(500);
  });

  it('maps Nest HTTP exceptions to the contract names', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x')).body.error).toEqual({
      status: 404,
      name: 'NotFoundError',
      message: 'Cannot GET /x',
      details: {},
    });
    expect(toErrorResponse(new HttpException('Gone', 410)).body.error).toMatchObject({
      status: 410,
      name: 'ValidationError',
    });
  });

  it('explains body parser failures in its own words', () => {
    const parseFailure = Object.assign(new SyntaxError('Unexpected token } at 3'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    const malformed = new BadRequestException(parseFailure.message, { cause: parseFailure });
    expect(toErrorResponse(malformed).body.error).toMatchObject({
      status: 400,
      name: 'ValidationError',
      message: 'Malformed JSON in the request body',
    });
    const tooLarge = new PayloadTooLargeException('request entity too large', {
      cause: { type: 'entity.too.large', limit: 1048576 },
    });
    expect(toErrorResponse(tooLarge).body.error).toMatchObject({
      status: 413,
      name: 'PayloadTooLargeError',
      message: 'The request body is larger than 1 MB',
    });
  });

  it('hides the text of unknown errors behind a 500 ApplicationError', () => {
    const leak = new Error("ER_PARSE_ERROR: near 'SELECT password FROM cms_users' at /srv/app.js:10");
    const response = toErrorResponse(leak);
    expect(response.status).toBe(500);
    expect(response.expected).toBe(false);
    expect(response.body.error).toEqual({
      status: 500,
      name: 'ApplicationError',
      message: 'Internal Server Error',
      details: {},
    });
    expect(toErrorResponse(new HttpException('pool exhausted at db.internal', 502)).body.error.message).toBe(
      'Internal Server Error',
    );
  });
});
