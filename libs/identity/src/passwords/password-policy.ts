import { DomainError, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type ValidationIssue } from '@cms/core';

/** 12 to 128 characters and no composition rules (NIST SP 800-63B). */
export function passwordIssues(password: unknown, path: string): ValidationIssue[] {
  if (typeof password !== 'string') return [{ path: [path], message: 'must be a string', name: 'ValidationError' }];
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    return [
      {
        path: [path],
        message: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
        name: 'ValidationError',
      },
    ];
  }
  return [];
}

/** Checks a new password and its confirmation; throws a ValidationError naming what is wrong. */
export function assertNewPassword(password: string, confirmation?: string): void {
  const issues = passwordIssues(password, 'password');
  if (confirmation !== undefined && confirmation !== password) {
    issues.push({ path: ['passwordConfirmation'], message: 'does not match password', name: 'ValidationError' });
  }
  if (issues.length > 0) throw DomainError.validation('INVALID_PASSWORD', 'Invalid password', issues);
}
