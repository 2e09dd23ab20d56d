import type { EnumerationAttribute } from '../definition/content-type';
import type { AttributeTypeSpec } from './attribute-type';
import { DEFAULT_STRING_LENGTH } from './text-types';

/** `enumeration`: one of a list of strings. */
export const enumerationType: AttributeTypeSpec<EnumerationAttribute> = {
  // `enumName`: the name Strapi's GraphQL plugin gives the enum; kept, not used.
  options: ['enum', 'default', 'enumName'],
  indexable: true,
  searchable: true,
  valueKind: 'string',
  shown: true,
  define(raw, base, report) {
    const values = raw.enum;
    const valid =
      Array.isArray(values) &&
      values.length > 0 &&
      values.every((value) => typeof value === 'string' && value !== '' && value.length <= DEFAULT_STRING_LENGTH) &&
      new Set(values).size === values.length;
    if (!valid) report('must be a non-empty list of distinct, non-empty strings', ['enum']);
    if (raw.default !== undefined && (!valid || !(values as unknown[]).includes(raw.default)))
      report('must be one of the enum values', ['default']);
    return {
      ...base,
      type: 'enumeration',
      enum: valid ? (values as string[]) : [],
      ...(raw.default !== undefined ? { default: raw.default as string } : {}),
    };
  },
  storage: () => ({ type: 'varchar', length: DEFAULT_STRING_LENGTH }),
  input: (attribute, value, report) =>
    typeof value === 'string' && attribute.enum.includes(value)
      ? { kind: 'column', value }
      : void report(`must be one of ${attribute.enum.join(', ')}`),
  storedDefault: (attribute) => attribute.default,
  output: (raw) => raw,
  openApi: (attribute) => ({ type: 'string', enum: [...attribute.enum] }),
};
