import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type ValidationIssue } from '../errors';

/**
 * Validates every DTO-typed body and query: unknown keys are refused (no mass assignment), and
 * each problem becomes one `details.errors` entry with its path.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => DomainError.validation('INVALID_INPUT', 'Invalid input', flatten(errors, [])),
  });
}

function flatten(errors: readonly ValidationError[], parent: readonly (string | number)[]): ValidationIssue[] {
  return errors.flatMap((error) => {
    const path = [...parent, /^\d+$/.test(error.property) ? Number(error.property) : error.property];
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      path,
      message: rule === 'whitelistValidation' ? 'is not allowed' : message,
      name: 'ValidationError',
    }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
