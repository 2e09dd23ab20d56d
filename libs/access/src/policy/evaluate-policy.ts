import { ANY_CONTENT_TYPE, subjectKind, type Filter, type Permission } from '../permissions/permission';

/** What a policy answers for one action on one subject. */
export interface Decision {
  readonly allowed: boolean;
  /** Attributes the actor may read or write; `'all'` means every non-private one. */
  readonly fields: 'all' | readonly string[];
  /**
   * Rows the actor may touch: `undefined` for all, a filter for some, `false` for none (a
   * condition on the current user when there is no user matches nothing: conditions fail closed).
   */
  readonly condition: Filter | false | undefined;
}

export const DENY: Decision = Object.freeze({ allowed: false, fields: [], condition: false });
export const ALLOW_ALL: Decision = Object.freeze({ allowed: true, fields: 'all', condition: undefined });

export const CURRENT_USER = '$currentUser';

/**
 * Combines the permissions that grant `action` on `subject`: allowed if any does; fields are the
 * union (all, if any grants all); rows are the union of the conditions (all, if any has none).
 */
export function evaluatePolicy(
  permissions: readonly Permission[],
  action: string,
  subject: string,
  userId: number | undefined,
): Decision {
  const granting = permissions.filter((permission) => grants(permission, action, subject));
  if (granting.length === 0) return DENY;
  const fields = granting.some((permission) => !permission.fields)
    ? 'all'
    : [...new Set(granting.flatMap((permission) => permission.fields ?? []))];
  if (granting.some((permission) => !permission.conditions)) return { allowed: true, fields, condition: undefined };
  const conditions = granting
    .map((permission) => bindCurrentUser(permission.conditions!, userId))
    .filter((condition): condition is Filter => condition !== false);
  if (conditions.length === 0) return { allowed: true, fields, condition: false };
  return { allowed: true, fields, condition: conditions.length === 1 ? conditions[0] : { $or: conditions } };
}

function grants(permission: Permission, action: string, subject: string): boolean {
  const kind = subjectKind(subject);
  const subjectMatches =
    permission.subject === subject || (kind === 'content' && permission.subject === ANY_CONTENT_TYPE);
  if (!subjectMatches) return false;
  // On admin subjects, `manage` includes `read`.
  return permission.action === action || (kind === 'admin' && action === 'read' && permission.action === 'manage');
}

/** Replaces `$currentUser` by the user's id; without a user, the condition matches nothing. */
export function bindCurrentUser(condition: Filter, userId: number | undefined): Filter | false {
  let unbound = false;
  const bind = (value: unknown): unknown => {
    if (value === CURRENT_USER) {
      if (userId === undefined) unbound = true;
      return userId;
    }
    if (Array.isArray(value)) return value.map(bind);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, bind(inner)]));
    }
    return value;
  };
  const bound = bind(condition) as Filter;
  return unbound ? false : bound;
}
