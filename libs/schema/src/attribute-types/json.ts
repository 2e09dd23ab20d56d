import type { ScalarAttribute } from '../definition/content-type';
import type { AttributeTypeSpec } from './attribute-type';
import { boundedJson, LONG_TEXT, parsedJson } from './json-types';

/** `json`: any JSON value, bounded in depth and size; compared only by `$null`. */
export const jsonType: AttributeTypeSpec<ScalarAttribute> = {
  options: ['default'],
  indexable: false,
  searchable: false,
  valueKind: 'json',
  shown: true,
  define: (raw, base) => ({ ...base, type: 'json', ...(raw.default !== undefined ? { default: raw.default } : {}) }),
  storage: (_attribute, dialect) => ({ type: LONG_TEXT[dialect] }),
  input(_attribute, value, report) {
    const text = boundedJson(value, report);
    return text === undefined ? undefined : { kind: 'column', value: text };
  },
  storedDefault: (attribute) => (attribute.default === undefined ? undefined : JSON.stringify(attribute.default)),
  output: parsedJson,
  openApi: () => ({}),
};
