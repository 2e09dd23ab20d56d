import type { ScalarAttribute } from '../definition/content-type';
import { textDefinition, textType } from './text-types';

/** `richtext`: Markdown, a long text. */
export const richtextType = textType<ScalarAttribute>({
  options: ['default'],
  short: false,
  valueKind: 'string',
  searchable: true,
  define: (raw, base, report) => ({ ...base, type: 'richtext', ...textDefinition(raw, report) }),
});
