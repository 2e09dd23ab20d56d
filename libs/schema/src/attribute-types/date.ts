import type { ScalarAttribute } from '../definition/content-type';
import type { AttributeTypeSpec } from './attribute-type';
import { isString, parseDefault } from './values';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `date`: a calendar day, `YYYY-MM-DD`; filters compare days (`$eq` finds the day, as Strapi). */
export const dateType: AttributeTypeSpec<ScalarAttribute> = {
  options: ['default'],
  indexable: true,
  searchable: false,
  valueKind: 'day',
  shown: true,
  define: (raw, base, report) => ({ ...base, type: 'date', ...parseDefault(raw, isString, 'date', report) }),
  storage: () => ({ type: 'date' }),
  input: (_attribute, value, report) =>
    typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
      ? { kind: 'column', value }
      : void report('must be a date (YYYY-MM-DD)'),
  storedDefault: (attribute) => attribute.default,
  output: (raw) => (raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).slice(0, 10)),
  openApi: () => ({ type: 'string', format: 'date' }),
};
