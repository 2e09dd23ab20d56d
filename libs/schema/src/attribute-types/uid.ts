import type { UidAttribute } from '../definition/content-type';
import { textDefinition, textType } from './text-types';

/**
 * `uid`: a URL-safe identifier, made from its `targetField` when left empty (the writer keeps it
 * unique with a number suffix).
 */
export const uidType = textType<UidAttribute>({
  options: ['targetField', 'regex', 'default'],
  short: true,
  valueKind: 'string',
  searchable: true,
  check: (value) => (/^[A-Za-z0-9._~-]*$/.test(value) ? undefined : 'may hold only letters, digits and . _ ~ -'),
  define(raw, base, report) {
    if (raw.targetField !== undefined && typeof raw.targetField !== 'string')
      report('must be an attribute name', ['targetField']);
    return {
      ...base,
      type: 'uid',
      ...(typeof raw.targetField === 'string' ? { targetField: raw.targetField } : {}),
      ...textDefinition(raw, report),
    };
  },
});
