import { FILE_TYPE, type MediaAttribute, type MediaKind } from '../definition/content-type';
import { DOCUMENT_ID_LENGTH } from '../planner/table-spec';
import type { AttributeTypeSpec } from './attribute-type';
import { relationInput, relationInputSchema } from './relation-input';
import { optionalBoolean } from './values';

const MEDIA_KINDS = ['images', 'videos', 'audios', 'files'];

/**
 * `media`: a relation to the media library's files, one (a column) or many (a link table);
 * `allowedTypes` is checked against the files' MIME types when written.
 */
export const mediaType: AttributeTypeSpec<MediaAttribute> = {
  options: ['multiple', 'allowedTypes'],
  indexable: false,
  searchable: false,
  valueKind: undefined,
  shown: false,
  define(raw, base, report) {
    const multiple = optionalBoolean(raw.multiple, 'multiple', report) ?? false;
    const allowed = raw.allowedTypes;
    if (
      allowed !== undefined &&
      !(Array.isArray(allowed) && allowed.every((kind) => MEDIA_KINDS.includes(kind as string)))
    )
      report(`must be a list of ${MEDIA_KINDS.join(', ')}`, ['allowedTypes']);
    return {
      ...base,
      type: 'media',
      multiple,
      relation: multiple ? 'manyToMany' : 'manyToOne',
      target: FILE_TYPE,
      ...(Array.isArray(allowed) ? { allowedTypes: allowed as MediaKind[] } : {}),
    };
  },
  storage: (attribute) => (attribute.multiple ? 'link' : { type: 'varchar', length: DOCUMENT_ID_LENGTH }),
  input: (attribute, value, report) => relationInput(!attribute.multiple, value, report),
  storedDefault: () => undefined,
  output: (raw) => raw,
  openApi: (attribute) => relationInputSchema(attribute.multiple, 'file ids'),
};
