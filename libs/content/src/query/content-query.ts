import type { Operator } from '@cms/core';

/**
 * A content query, parsed and validated against the content types: what the SQL compiler takes.
 * Paths are attribute names from the registry, relations first (`['author', 'name']`).
 */
export type FilterNode =
  | { readonly kind: 'and'; readonly nodes: readonly FilterNode[] }
  | { readonly kind: 'or'; readonly nodes: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly node: FilterNode }
  | {
      readonly kind: 'compare';
      readonly path: readonly string[];
      readonly operator: Operator;
      /** Typed operand: a value, a list (`$in`), a pair (`$between`) or true (`$null`). */
      readonly value: FilterValue | readonly FilterValue[];
    };

export type FilterValue = string | number | boolean | Date | Day | null;

/** A calendar day, compared as its `YYYY-MM-DD` text: how a `date` attribute is stored. */
export class Day {
  constructor(readonly iso: string) {}

  toJSON(): string {
    return this.iso;
  }
}

export interface SortField {
  readonly path: readonly string[];
  readonly direction: 'asc' | 'desc';
}

export type Pagination =
  | { readonly kind: 'page'; readonly page: number; readonly pageSize: number; readonly withCount: boolean }
  | { readonly kind: 'offset'; readonly start: number; readonly limit: number; readonly withCount: boolean }
  | { readonly kind: 'cursor'; readonly cursor?: string; readonly limit: number };

export interface PopulateNode {
  readonly attribute: string;
  readonly fields?: readonly string[];
  readonly filter?: FilterNode;
  readonly sort: readonly SortField[];
  /** At most this many related documents per parent (to-many relations; beyond Strapi). */
  readonly limit?: number;
  /** Answer `{count: N}` instead of the related documents (Strapi's `populate[x][count]=true`). */
  readonly count?: true;
  readonly populate: readonly PopulateNode[];
  /**
   * Of a component or dynamic zone: the entries' fields the caller may read (from the allow-list
   * of the attribute holding them: `seo` admits all of it, `seo.metaTitle` part of it).
   */
  readonly allowed?: 'all' | readonly string[];
  /** Of a dynamic zone: per component, its fields and populates (Strapi's `on` fragments). */
  readonly on?: Readonly<Record<string, EntryPopulate>>;
}

/** What a dynamic zone's `on` fragment asks of the entries of one component. */
export interface EntryPopulate {
  readonly fields?: readonly string[];
  readonly populate: readonly PopulateNode[];
}

export interface ContentQuery {
  readonly filter?: FilterNode;
  readonly sort: readonly SortField[];
  readonly pagination: Pagination;
  /** Attributes to select; absent: all the caller may read. */
  readonly fields?: readonly string[];
  readonly populate: readonly PopulateNode[];
  readonly status: 'published' | 'draft';
  readonly search?: string;
  readonly locale?: string;
  /** `fallback=true` (beyond Strapi): ask for it, then `locales` is the chain tried per document. */
  readonly fallback?: true;
  readonly locales?: readonly string[];
}
