/** A parameterized SQL fragment: text with `?` placeholders, and their values in order. */
export interface Sql {
  readonly text: string;
  readonly params: readonly unknown[];
}

export function sql(text: string, params: readonly unknown[] = []): Sql {
  return { text, params };
}

export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return { text: parts.map((part) => part.text).join(separator), params: parts.flatMap((part) => part.params) };
}

/**
 * The escape character of LIKE patterns: `!` rather than a backslash, which MySQL would also read
 * as an escape inside the SQL string literal itself.
 */
export const LIKE_ESCAPE = '!';

/** Escapes LIKE's wildcards in a user value, for `LIKE ? ESCAPE '!'`. */
export function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (char) => `${LIKE_ESCAPE}${char}`);
}
