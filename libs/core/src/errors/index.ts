export { DomainError, STATUS_OF_ERROR, type ErrorDetails, type ErrorName, type ValidationIssue } from './domain-error';
export { errorEnvelope, errorNameForStatus, type ErrorEnvelope } from './error-envelope';
export { ErrorEnvelopeFilter } from './error-envelope.filter';
export { toErrorResponse, type ErrorResponse } from './to-error-response';
