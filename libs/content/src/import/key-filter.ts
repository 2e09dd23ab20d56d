import type { FilterNode } from '../query/content-query';

/**
 * The documents whose `field` is one of `values`: documentIds exactly, a unique attribute
 * regardless of case (unique text is unique regardless of case, so finding by it is too).
 */
export function keyFilter(field: string, values: readonly string[]): FilterNode {
  const distinct = [...new Set(values)];
  return field === 'documentId'
    ? { kind: 'compare', path: [field], operator: '$in', value: distinct }
    : { kind: 'or', nodes: distinct.map((value) => ({ kind: 'compare', path: [field], operator: '$eqi', value })) };
}
