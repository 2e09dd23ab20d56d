import type { ScalarAttribute } from '../definition/content-type';
import type { AttributeTypeSpec } from './attribute-type';
import { isString, parseDefault } from './values';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,3}))?)?$/;

/** A time of day as Strapi answers it: `HH:mm:ss.SSS`. */
export function canonicalTime(text: string): string | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const [, hours, minutes, seconds = '00', millis = ''] = match;
  return `${hours}:${minutes}:${seconds}.${millis.padEnd(3, '0')}`;
}

/** `time`: a time of day, written `HH:MM[:SS[.sss]]`, answered `HH:mm:ss.SSS`. */
export const timeType: AttributeTypeSpec<ScalarAttribute> = {
  options: ['default'],
  indexable: true,
  searchable: false,
  valueKind: 'string',
  shown: true,
  define: (raw, base, report) => ({ ...base, type: 'time', ...parseDefault(raw, isString, 'time', report) }),
  storage: () => ({ type: 'time' }),
  input(_attribute, value, report) {
    const time = typeof value === 'string' ? canonicalTime(value) : undefined;
    return time === undefined ? void report('must be a time (HH:MM[:SS[.sss]])') : { kind: 'column', value: time };
  },
  storedDefault: (attribute) => (typeof attribute.default === 'string' ? canonicalTime(attribute.default) : undefined),
  output: (raw) => canonicalTime(String(raw)) ?? String(raw),
  openApi: () => ({ type: 'string', pattern: '^\\d{2}:\\d{2}:\\d{2}\\.\\d{3}$', example: '14:30:00.000' }),
};
