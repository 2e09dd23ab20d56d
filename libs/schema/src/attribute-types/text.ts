import type { ScalarAttribute } from '../definition/content-type';
import { textDefinition, textType } from './text-types';

/** `text`: a long text, searchable, not indexable. */
export const textAttributeType = textType<ScalarAttribute>({
  options: ['default', 'regex'],
  short: false,
  valueKind: 'string',
  searchable: true,
  define: (raw, base, report) => ({ ...base, type: 'text', ...textDefinition(raw, report) }),
});
