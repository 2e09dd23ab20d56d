import { DomainError, type ValidationIssue } from '@cms/core';
import { checkComponents } from './check-components';
import { checkTypes } from './check-relations';
import type { ContentType } from './content-type';
import { parseDefinition } from './parse-definition';

/**
 * Validates definitions together with the types already registered: a 400 whose `details.errors`
 * point at every bad part, or the normalized types (in input order).
 */
export function parseDefinitions(
  inputs: readonly unknown[],
  existing: readonly ContentType[] = [],
  options: { readonly allowSystem?: boolean } = {},
): ContentType[] {
  const issues: ValidationIssue[] = [];
  const parsed: ContentType[] = [];
  const pathOf = new Map<ContentType, readonly (string | number)[]>();
  inputs.forEach((input, index) => {
    const root = inputs.length === 1 ? [] : [index];
    const result = parseDefinition(input, root, options.allowSystem);
    issues.push(...result.issues);
    if (result.contentType) {
      parsed.push(result.contentType);
      pathOf.set(result.contentType, root);
    }
  });
  if (issues.length === 0) {
    const replaced = new Set(parsed.map((type) => type.singularName));
    const all = [...existing.filter((type) => !replaced.has(type.singularName)), ...parsed];
    const where = (type: ContentType) => pathOf.get(type) ?? ['existing', type.singularName];
    issues.push(...checkTypes(all, where), ...checkComponents(all, where));
  }
  if (issues.length > 0)
    throw DomainError.validation('INVALID_CONTENT_TYPE', 'Invalid content-type definition', issues);
  return parsed;
}
