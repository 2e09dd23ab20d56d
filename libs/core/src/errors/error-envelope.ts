import { STATUS_OF_ERROR, type ErrorDetails, type ErrorName } from './domain-error';

/** The body of every error response (CONTRACT §4). */
export interface ErrorEnvelope {
  readonly data: null;
  readonly error: {
    readonly status: number;
    readonly name: ErrorName;
    readonly message: string;
    readonly details: ErrorDetails;
  };
}

export function errorEnvelope(
  status: number,
  name: ErrorName,
  message: string,
  details: ErrorDetails = {},
): ErrorEnvelope {
  return { data: null, error: { status, name, message, details } };
}

const NAME_OF_STATUS = new Map<number, ErrorName>(
  Object.entries(STATUS_OF_ERROR).map(([name, status]) => [status, name as ErrorName]),
);

/** The contract name for an HTTP status; statuses without one of their own fall to their class. */
export function errorNameForStatus(status: number): ErrorName {
  const exact = NAME_OF_STATUS.get(status);
  if (exact) return exact;
  return status >= 400 && status < 500 ? 'ValidationError' : 'ApplicationError';
}
