/** A row condition: a filter in the content query language, possibly naming `$currentUser`. */
export type Filter = { readonly [key: string]: unknown };

/** What a role or a custom API token may do (CONTRACT §5). */
export interface Permission {
  readonly action: string;
  readonly subject: string;
  /** Attributes allowed; absent means every non-private attribute. */
  readonly fields?: readonly string[] | null;
  readonly conditions?: Filter | null;
}

export const CONTENT_ACTIONS = ['find', 'findOne', 'create', 'update', 'delete', 'publish'] as const;
export const MEDIA_ACTIONS = ['upload', 'read', 'update', 'delete'] as const;
export const ADMIN_ACTIONS = ['manage', 'read'] as const;
export const MEDIA_SUBJECT = 'media';
/** Every content type at once. */
export const ANY_CONTENT_TYPE = '*';
export const ADMIN_SUBJECTS = [
  'admin.content-types',
  'admin.users',
  'admin.roles',
  'admin.api-tokens',
  'admin.webhooks',
  'admin.settings',
  'admin.audit-logs',
  'admin.backups',
] as const;

export type SubjectKind = 'content' | 'media' | 'admin';

export function subjectKind(subject: string): SubjectKind | undefined {
  if (subject === MEDIA_SUBJECT) return 'media';
  if ((ADMIN_SUBJECTS as readonly string[]).includes(subject)) return 'admin';
  if (subject === ANY_CONTENT_TYPE || /^[a-z][a-z0-9-]{0,127}$/.test(subject)) return 'content';
  return undefined;
}

export const ACTIONS_OF: Record<SubjectKind, readonly string[]> = {
  content: CONTENT_ACTIONS,
  media: MEDIA_ACTIONS,
  admin: ADMIN_ACTIONS,
};
