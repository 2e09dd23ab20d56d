import type { ScalarAttribute } from '../definition/content-type';
import type { AttributeTypeSpec, Json, Report, StoredAs } from './attribute-type';
import { parseBounds, parseDefault } from './values';

export const INT32 = 2147483647;

export interface NumberTypeOptions {
  readonly type: 'integer' | 'biginteger' | 'float' | 'decimal';
  readonly integer: boolean;
  readonly column: StoredAs;
  /** A written value as a number, or NaN when it is none. */
  readonly parse: (value: unknown) => number;
  readonly fitsDefault: (value: unknown) => boolean;
  readonly check?: (value: number) => string | undefined;
  readonly store: (value: number, written: unknown) => unknown;
  readonly output: (raw: unknown) => unknown;
  readonly openApi: AttributeTypeSpec<ScalarAttribute>['openApi'];
}

/** What the number kinds (integer, biginteger, float, decimal) share: bounds, indexes, comparisons. */
export function numberType(options: NumberTypeOptions): AttributeTypeSpec<ScalarAttribute> {
  return {
    options: ['default', 'min', 'max'],
    indexable: true,
    searchable: false,
    valueKind: 'number',
    shown: true,
    define: (raw: Json, base, report: Report) => ({
      ...base,
      type: options.type,
      ...parseBounds(raw, 'min', 'max', options.integer, report),
      ...parseDefault(raw, (value): value is number => options.fitsDefault(value), options.type, report),
    }),
    storage: () => options.column,
    input(attribute, value, report) {
      const number = options.parse(value);
      if (!Number.isFinite(number)) return void report('must be a number');
      if (options.integer && !Number.isInteger(number)) return void report('must be an integer');
      const problem = options.check?.(number);
      if (problem) return void report(problem);
      if (attribute.min !== undefined && number < attribute.min)
        return void report(`must be at least ${attribute.min}`);
      if (attribute.max !== undefined && number > attribute.max) return void report(`must be at most ${attribute.max}`);
      return { kind: 'column', value: options.store(number, value) };
    },
    storedDefault: (attribute) => attribute.default,
    output: options.output,
    openApi: options.openApi,
  };
}

/** `minimum` and `maximum` from the attribute's bounds. */
export function bounded(type: 'integer' | 'number', attribute: ScalarAttribute) {
  return {
    type,
    ...(attribute.min !== undefined ? { minimum: attribute.min } : {}),
    ...(attribute.max !== undefined ? { maximum: attribute.max } : {}),
  };
}
