import type { AttributeTypeSpec } from './attribute-type';
import type { ScalarAttribute } from '../definition/content-type';
import { parseDefault } from './values';

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

/** `boolean`: stored as 1 or 0 on both databases. */
export const booleanType: AttributeTypeSpec<ScalarAttribute> = {
  options: ['default'],
  indexable: true,
  searchable: false,
  valueKind: 'boolean',
  shown: true,
  define: (raw, base, report) => ({ ...base, type: 'boolean', ...parseDefault(raw, isBoolean, 'boolean', report) }),
  storage: () => ({ type: 'boolean' }),
  input: (_attribute, value, report) =>
    typeof value === 'boolean' ? { kind: 'column', value: value ? 1 : 0 } : void report('must be true or false'),
  storedDefault: (attribute) => (attribute.default === undefined ? undefined : attribute.default ? 1 : 0),
  output: (raw) => raw === true || raw === 1 || raw === '1',
  openApi: () => ({ type: 'boolean' }),
};
