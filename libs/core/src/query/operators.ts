/**
 * The operators of Strapi v5's query language: the one list that the content query parser and
 * compiler and the permission conditions of the access lib all read. It lives in core because
 * both stand on it and neither may import the other.
 */

/** The kinds of value a filter can compare: what an attribute (or system field) holds. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'day' | 'json';

/** How an operator's operand is shaped in the query string. */
export type Arity = 'value' | 'list' | 'pair' | 'flag';

interface OperatorSpec {
  readonly arity: Arity;
  /** Which kinds of value it compares; text operators only make sense on text. */
  readonly accepts: readonly ValueKind[];
}

const ORDERED: readonly ValueKind[] = ['string', 'number', 'date', 'day'];
const EQUALITY: readonly ValueKind[] = ['string', 'number', 'boolean', 'date', 'day'];
const TEXT: readonly ValueKind[] = ['string'];
const ANY: readonly ValueKind[] = ['string', 'number', 'boolean', 'date', 'day', 'json'];

/** Every comparison operator of Strapi v5's query language, in one exhaustive table. */
export const OPERATORS = {
  $eq: { arity: 'value', accepts: EQUALITY },
  $eqi: { arity: 'value', accepts: TEXT },
  $ne: { arity: 'value', accepts: EQUALITY },
  $nei: { arity: 'value', accepts: TEXT },
  $lt: { arity: 'value', accepts: ORDERED },
  $lte: { arity: 'value', accepts: ORDERED },
  $gt: { arity: 'value', accepts: ORDERED },
  $gte: { arity: 'value', accepts: ORDERED },
  $in: { arity: 'list', accepts: EQUALITY },
  $notIn: { arity: 'list', accepts: EQUALITY },
  $contains: { arity: 'value', accepts: TEXT },
  $notContains: { arity: 'value', accepts: TEXT },
  $containsi: { arity: 'value', accepts: TEXT },
  $notContainsi: { arity: 'value', accepts: TEXT },
  $startsWith: { arity: 'value', accepts: TEXT },
  $startsWithi: { arity: 'value', accepts: TEXT },
  $endsWith: { arity: 'value', accepts: TEXT },
  $endsWithi: { arity: 'value', accepts: TEXT },
  $between: { arity: 'pair', accepts: ORDERED },
  $null: { arity: 'flag', accepts: ANY },
  $notNull: { arity: 'flag', accepts: ANY },
} as const satisfies Record<string, OperatorSpec>;

export type Operator = keyof typeof OPERATORS;

export function isOperator(key: string): key is Operator {
  return Object.hasOwn(OPERATORS, key);
}

/** The operators that combine filters rather than compare a value. */
export const LOGICAL_OPERATORS = ['$and', '$or', '$not'] as const;
