import { USER_TARGET, type ContentType } from '@cms/schema';
import type { FilterNode } from '../query/content-query';

/** What the caller may read of one type: the fields of its permission, and the rows of its condition. */
export interface ReadAccess {
  readonly fields: 'all' | readonly string[];
  /** `false`: no row at all; undefined: every row. */
  readonly condition: FilterNode | false | undefined;
}

export const READ_ALL: ReadAccess = Object.freeze({ fields: 'all', condition: undefined });

/** What the parser may name of a type: all, some attributes, or (undefined) nothing at all. */
export type Readable = 'all' | ReadonlySet<string> | undefined;

/**
 * Everything one request may do, decided once, before anything is parsed: what the caller may do
 * on the root type under the request's action, and what it may `find` of every type the request
 * can reach through relations and media. The parser, the SQL compiler, the populator, the
 * serializer and the read cache's key all read this object; none of them asks the policy.
 */
export class AccessPlan {
  /** The types this plan decided for, by singular name. */
  readonly reached: readonly string[];
  private cacheKey?: string;

  constructor(
    readonly root: ContentType,
    /** Under the request's own action (find, findOne, create, update, delete, publish...). */
    readonly rootAccess: ReadAccess,
    /** Per reachable type, by singular name: what `find` allows of it, or undefined for nothing. */
    private readonly reads: ReadonlyMap<string, ReadAccess | undefined>,
    /** What the answer to a write may show: the caller's own read permission on the root type. */
    readonly answer: ReadAccess = rootAccess,
  ) {
    this.reached = [...reads.keys()];
  }

  /** A plan that reads everything: for the server's own reads, never for a caller's query. */
  static trusted(root: ContentType, reached: readonly string[]): AccessPlan {
    return new AccessPlan(root, READ_ALL, new Map(reached.map((name) => [name, READ_ALL])));
  }

  /** The same plan with another access to the root type (its rows, for a check by the server). */
  withRoot(rootAccess: ReadAccess): AccessPlan {
    return new AccessPlan(this.root, rootAccess, this.reads, this.answer);
  }

  /** What the caller may read of a type reached through a relation; undefined: nothing at all. */
  reach(type: ContentType): ReadAccess | undefined {
    return this.reads.get(type.singularName);
  }

  /** What the caller may read of this system's users, through relations to them; undefined: nothing. */
  users(): ReadAccess | undefined {
    return this.reads.get(USER_TARGET);
  }

  /** The attributes the parser may let the caller name: on the root type itself, or reached. */
  readable(type: ContentType, nested: boolean): Readable {
    const access = nested || type !== this.root ? this.reach(type) : this.rootAccess;
    if (!access || access.condition === false) return undefined;
    return access.fields === 'all' ? 'all' : new Set(access.fields);
  }

  /** The row condition of a reached type, for relation subqueries: hidden rows never match. */
  conditionOf(type: ContentType): FilterNode | false | undefined {
    const access = this.reach(type);
    return access ? access.condition : false;
  }

  /** Everything that changes what this caller sees, as text: what the read cache keys on. */
  get key(): string {
    this.cacheKey ??= JSON.stringify([
      this.rootAccess.fields,
      this.rootAccess.condition ?? null,
      [...this.reads].map(([name, access]) => [name, access ? [access.fields, access.condition ?? null] : 0]),
    ]);
    return this.cacheKey;
  }
}
