import { bounded, numberType } from './number-types';

/** `float`: a double. */
export const floatType = numberType({
  type: 'float',
  integer: false,
  column: { type: 'double' },
  parse: (value) => (typeof value === 'number' ? value : NaN),
  fitsDefault: (value) => typeof value === 'number' && Number.isFinite(value),
  store: (value) => value,
  output: Number,
  openApi: (attribute) => bounded('number', attribute),
});
