import type { ScalarAttribute } from '../definition/content-type';
import type { AttributeTypeSpec } from './attribute-type';
import { isString, parseDefault, sqlTimestamp, timestampOf } from './values';

/** What `datetime` and `timestamp` share: an instant, stored in UTC with milliseconds, answered in ISO 8601. */
export function instantType(type: 'datetime' | 'timestamp'): AttributeTypeSpec<ScalarAttribute> {
  return {
    options: ['default'],
    indexable: true,
    searchable: false,
    valueKind: 'date',
    shown: true,
    define: (raw, base, report) => ({ ...base, type, ...parseDefault(raw, isString, type, report) }),
    storage: () => ({ type: 'datetime', precision: 3 }),
    input(_attribute, value, report) {
      const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) return void report('must be a date and time (ISO 8601)');
      return { kind: 'column', value: sqlTimestamp(date) };
    },
    storedDefault: (attribute) => attribute.default,
    output: timestampOf,
    openApi: () => ({ type: 'string', format: 'date-time' }),
  };
}
