/** The contract's error names (CONTRACT §4) and the HTTP status each one answers with. */
export const STATUS_OF_ERROR = {
  ValidationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  NotFoundError: 404,
  MethodNotAllowedError: 405,
  NotAcceptableError: 406,
  ConflictError: 409,
  PayloadTooLargeError: 413,
  UnsupportedMediaTypeError: 415,
  RateLimitError: 429,
  ApplicationError: 500,
  ServiceUnavailableError: 503,
} as const satisfies Record<string, number>;

export type ErrorName = keyof typeof STATUS_OF_ERROR;

/** One problem of a ValidationError: where (`path` into the input) and what. */
export interface ValidationIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly name: string;
}

export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * What domain code throws: a contract error name, a stable machine code (`UNKNOWN_ATTRIBUTE`),
 * a message safe to show a client, and details. Domain code knows no HTTP; the error filter maps it.
 */
export class DomainError extends Error {
  constructor(
    readonly errorName: ErrorName,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
    /** For RateLimitError and ServiceUnavailableError: when a retry makes sense. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return STATUS_OF_ERROR[this.errorName];
  }

  static validation(code: string, message: string, issues: readonly ValidationIssue[] = []): DomainError {
    return new DomainError('ValidationError', code, message, issues.length > 0 ? { errors: issues } : {});
  }

  /**
   * A 400 whose message names the first problem in words a frontend can show, as Strapi's do
   * (`Invalid key nope`, `title must be at least 2 characters`); `details.errors` lists them all.
   */
  static invalid(code: string, issues: readonly [ValidationIssue, ...ValidationIssue[]]): DomainError {
    return DomainError.validation(code, describeIssue(issues[0]), issues);
  }

  static notFound(message = 'Not Found', code = 'NOT_FOUND'): DomainError {
    return new DomainError('NotFoundError', code, message);
  }

  static forbidden(message = 'Forbidden', code = 'FORBIDDEN'): DomainError {
    return new DomainError('ForbiddenError', code, message);
  }

  static unauthorized(message = 'Unauthorized', code = 'UNAUTHORIZED'): DomainError {
    return new DomainError('UnauthorizedError', code, message);
  }

  static conflict(code: string, message: string, details: ErrorDetails = {}): DomainError {
    return new DomainError('ConflictError', code, message, details);
  }
}

/** One problem in words: the field it is about, then what is wrong (an `Invalid key` says both). */
export function describeIssue(issue: ValidationIssue): string {
  if (/^[A-Z]/.test(issue.message)) return issue.message;
  const field = [...issue.path].reverse().find((segment) => typeof segment === 'string' && segment !== 'data');
  return field === undefined ? issue.message : `${field} ${issue.message}`;
}
