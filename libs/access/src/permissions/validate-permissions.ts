import { DomainError, LOGICAL_OPERATORS, OPERATORS, type ValidationIssue } from '@cms/core';
import { ACTIONS_OF, subjectKind, type Permission, type SubjectKind } from './permission';

const FILTER_OPERATORS: ReadonlySet<string> = new Set([...Object.keys(OPERATORS), ...LOGICAL_OPERATORS]);
/** An attribute, or a path into a component it holds (`seo.metaTitle`: part of the `seo` component). */
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z][A-Za-z0-9_]{0,63}){0,5}$/;
const MAX_CONDITION_DEPTH = 10;
const MAX_PERMISSIONS = 500;

/** Checks a permission list; `kinds` limits which subjects are allowed (API tokens: no admin). */
export function validatePermissions(
  input: unknown,
  kinds: readonly SubjectKind[] = ['content', 'media', 'admin'],
  root: readonly (string | number)[] = ['permissions'],
): ValidationIssue[] {
  if (!Array.isArray(input)) return [issue(root, 'must be a list of permissions')];
  if (input.length > MAX_PERMISSIONS) return [issue(root, `must hold at most ${MAX_PERMISSIONS} permissions`)];
  return input.flatMap((permission, index) => validatePermission(permission, kinds, [...root, index]));
}

/** The list as permissions, or a 400 whose details point at each bad part. */
export function assertValidPermissions(input: unknown, kinds?: readonly SubjectKind[]): Permission[] {
  const issues = validatePermissions(input, kinds);
  if (issues.length > 0) throw DomainError.validation('INVALID_PERMISSIONS', 'Invalid permissions', issues);
  return input as Permission[];
}

function validatePermission(
  input: unknown,
  kinds: readonly SubjectKind[],
  path: readonly (string | number)[],
): ValidationIssue[] {
  if (!isPlainObject(input)) return [issue(path, 'must be an object')];
  const unknownKeys = Object.keys(input).filter((key) => !['action', 'subject', 'fields', 'conditions'].includes(key));
  const issues = unknownKeys.map((key) => issue([...path, key], 'is not allowed'));
  const { action, subject, fields, conditions } = input as Record<string, unknown>;
  const kind = typeof subject === 'string' ? subjectKind(subject) : undefined;
  if (!kind || !kinds.includes(kind)) return [...issues, issue([...path, 'subject'], 'is not a known subject here')];
  if (typeof action !== 'string' || !ACTIONS_OF[kind].includes(action)) {
    issues.push(issue([...path, 'action'], `must be one of ${ACTIONS_OF[kind].join(', ')} for ${subject}`));
  }
  if (fields !== undefined && fields !== null) {
    if (kind === 'admin') issues.push(issue([...path, 'fields'], 'does not apply to admin subjects'));
    else if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string' && ATTRIBUTE.test(field))) {
      issues.push(issue([...path, 'fields'], 'must be a list of attribute names (or paths into components)'));
    }
  }
  if (conditions !== undefined && conditions !== null) {
    if (kind === 'admin') issues.push(issue([...path, 'conditions'], 'does not apply to admin subjects'));
    else issues.push(...validateFilter(conditions, [...path, 'conditions'], 0));
  }
  return issues;
}

function validateFilter(filter: unknown, path: readonly (string | number)[], depth: number): ValidationIssue[] {
  if (depth > MAX_CONDITION_DEPTH) return [issue(path, `nests deeper than ${MAX_CONDITION_DEPTH} levels`)];
  if (Array.isArray(filter))
    return filter.flatMap((item, index) => validateFilterValue(item, [...path, index], depth + 1));
  if (!isPlainObject(filter)) return [issue(path, 'must be a filter object')];
  return Object.entries(filter).flatMap(([key, value]) => {
    if (key.startsWith('$') ? !FILTER_OPERATORS.has(key) : !ATTRIBUTE.test(key)) {
      return [issue([...path, key], 'is not an attribute name or a filter operator')];
    }
    return validateFilterValue(value, [...path, key], depth + 1);
  });
}

function validateFilterValue(value: unknown, path: readonly (string | number)[], depth: number): ValidationIssue[] {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return [];
  return validateFilter(value, path, depth);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issue(path: readonly (string | number)[], message: string): ValidationIssue {
  return { path, message, name: 'ValidationError' };
}
