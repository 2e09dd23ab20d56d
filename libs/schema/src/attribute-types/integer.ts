import { bounded, INT32, numberType } from './number-types';

/** `integer`: 32 bits, as Strapi's. */
export const integerType = numberType({
  type: 'integer',
  integer: true,
  column: { type: 'integer' },
  parse: (value) => (typeof value === 'number' ? value : NaN),
  fitsDefault: (value) => Number.isInteger(value),
  check: (value) => (Math.abs(value) > INT32 ? `must be between -${INT32} and ${INT32}` : undefined),
  store: (value) => value,
  output: Number,
  openApi: (attribute) => bounded('integer', attribute),
});
