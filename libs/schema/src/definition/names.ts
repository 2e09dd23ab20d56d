/** `publishedDate` → `published_date`; the column name of an attribute. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** Attribute names the system gives every document, or that its API uses. */
export const RESERVED_ATTRIBUTE_NAMES = new Set([
  'id',
  'documentId',
  'document_id',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
  'localizations',
  'status',
  'isPublished',
]);

/** Type names that would clash with routes the CMS serves itself. */
export const RESERVED_TYPE_NAMES = new Set([
  'admin',
  'auth',
  'users',
  'user',
  'upload',
  'uploads',
  'assets',
  'asset',
  'docs',
  'health',
  'connect',
  'content-types',
  'documents',
  // The media library's own types.
  'file',
  'files',
  'folder',
  'folders',
]);

export const TYPE_NAME = /^[a-z][a-z0-9-]{0,59}$/;
export const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;
export const TABLE_NAME = /^[a-z][a-z0-9_]{0,59}$/;
