import { bounded, numberType } from './number-types';

/** `decimal`: exact, ten digits with two after the point. */
export const decimalType = numberType({
  type: 'decimal',
  integer: false,
  column: { type: 'decimal', precision: 10, scale: 2 },
  parse: (value) => (typeof value === 'number' ? value : NaN),
  fitsDefault: (value) => typeof value === 'number' && Number.isFinite(value),
  store: (value) => value,
  output: Number,
  openApi: (attribute) => bounded('number', attribute),
});
