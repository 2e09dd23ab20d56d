import type { ScalarAttribute } from '../definition/content-type';
import { textDefinition, textType } from './text-types';

/** `string`: a short text (255 characters unless maxLength says otherwise), indexable and searchable. */
export const stringType = textType<ScalarAttribute>({
  options: ['default', 'regex'],
  short: true,
  valueKind: 'string',
  searchable: true,
  define: (raw, base, report) => ({ ...base, type: 'string', ...textDefinition(raw, report) }),
});
