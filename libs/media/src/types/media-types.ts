import { FILE_TYPE, FOLDER_TYPE } from '@cms/schema';

/**
 * The media library's built-in content types, in Strapi's schema.json shape (its upload plugin's
 * `file` and `folder`): files are listed, filtered and populated with the same query language as
 * content, and media attributes are relations to them.
 */
export const FILE_DEFINITION = {
  kind: 'collectionType',
  collectionName: 'cms_files',
  info: { singularName: FILE_TYPE, pluralName: 'files', displayName: 'File' },
  attributes: {
    name: { type: 'string', required: true },
    alternativeText: { type: 'text' },
    caption: { type: 'text' },
    width: { type: 'integer' },
    height: { type: 'integer' },
    formats: { type: 'json' },
    hash: { type: 'string', required: true, index: true },
    ext: { type: 'string' },
    mime: { type: 'string', required: true, index: true },
    size: { type: 'decimal', required: true },
    url: { type: 'text', required: true },
    previewUrl: { type: 'text' },
    provider: { type: 'string', required: true },
    provider_metadata: { type: 'json' },
    folderPath: { type: 'string', index: true },
    folder: { type: 'relation', relation: 'manyToOne', target: FOLDER_TYPE, inversedBy: 'files' },
  },
} as const;

export const FOLDER_DEFINITION = {
  kind: 'collectionType',
  collectionName: 'cms_folders',
  info: { singularName: FOLDER_TYPE, pluralName: 'folders', displayName: 'Folder' },
  attributes: {
    name: { type: 'string', required: true, minLength: 1, maxLength: 200 },
    pathId: { type: 'integer', required: true, unique: true },
    path: { type: 'string', required: true, index: true },
    parent: { type: 'relation', relation: 'manyToOne', target: FOLDER_TYPE, inversedBy: 'children' },
    children: { type: 'relation', relation: 'oneToMany', target: FOLDER_TYPE, mappedBy: 'parent' },
    files: { type: 'relation', relation: 'oneToMany', target: FILE_TYPE, mappedBy: 'folder' },
  },
} as const;
