import type { ScalarAttribute } from '../definition/content-type';
import type { AttributeTypeSpec } from './attribute-type';
import { boundedJson, LONG_TEXT, parsedJson } from './json-types';

const isBlock = (block: unknown) =>
  typeof block === 'object' && block !== null && typeof (block as { type?: unknown }).type === 'string';

/** `blocks`: Strapi's rich-text blocks, a list of objects each with a `type`. */
export const blocksType: AttributeTypeSpec<ScalarAttribute> = {
  options: [],
  indexable: false,
  searchable: false,
  valueKind: 'json',
  shown: true,
  define: (_raw, base) => ({ ...base, type: 'blocks' }),
  storage: (_attribute, dialect) => ({ type: LONG_TEXT[dialect] }),
  input(_attribute, value, report) {
    if (!Array.isArray(value) || !value.every(isBlock))
      return void report('must be a list of blocks, each an object with a type');
    const text = boundedJson(value, report);
    return text === undefined ? undefined : { kind: 'column', value: text };
  },
  storedDefault: () => undefined,
  output: parsedJson,
  openApi: () => ({
    type: 'array',
    items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } }, additionalProperties: true },
  }),
};
