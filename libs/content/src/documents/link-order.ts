import { DomainError, type ValidationIssue } from '@cms/core';
import type { CheckedValue } from '../validate/validate-input';

/**
 * The documents a to-many relation links to, in order, after a write (Strapi v5's semantics):
 * `set` replaces the list; `disconnect` removes; each `connect` goes where its `position` says
 * (`before`/`after` a linked document, `start`, `end`), or at the end when new. A document
 * connected again without a position keeps its place.
 */
export function linkOrder(
  attribute: string,
  existing: readonly string[],
  value: Extract<CheckedValue<string>, { kind: 'toMany' }>,
): string[] {
  const targets = [...new Set(value.set ?? existing)].filter((id) => !value.disconnect.includes(id));
  const issues: ValidationIssue[] = [];
  value.connect.forEach((id, index) => {
    const position = value.positions?.[index];
    const at = targets.indexOf(id);
    if (at >= 0 && !position) return;
    if (at >= 0) targets.splice(at, 1);
    if (!position || 'end' in position) targets.push(id);
    else if ('start' in position) targets.unshift(id);
    else {
      const before = 'before' in position;
      const anchor = targets.indexOf(before ? position.before : position.after);
      if (anchor < 0) {
        issues.push({
          path: ['data', attribute, 'connect', index, 'position'],
          message: `cannot be placed relative to ${before ? position.before : position.after}, which is not connected`,
          name: 'ValidationError',
        });
        targets.push(id);
      } else targets.splice(before ? anchor : anchor + 1, 0, id);
    }
  });
  if (issues.length > 0) throw DomainError.validation('INVALID_POSITION', `${attribute} ${issues[0]!.message}`, issues);
  return targets;
}
