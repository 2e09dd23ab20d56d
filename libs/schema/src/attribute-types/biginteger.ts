import { numberType } from './number-types';

/** `biginteger`: 64 bits, written and answered as a string of digits (JSON numbers lose precision past 2^53). */
export const bigintegerType = numberType({
  type: 'biginteger',
  integer: true,
  column: { type: 'bigint' },
  parse: (value) =>
    typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN,
  fitsDefault: (value) => Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value)),
  store: (_value, written) => String(written),
  output: String,
  openApi: () => ({ type: 'string', pattern: '^-?\\d+$' }),
});
