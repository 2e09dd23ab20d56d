import { columnNameOf, fullTextColumnsOf, searchableAttributes, type ContentType } from '@cms/schema';
import type { FilterNode } from '../query/content-query';
import { compileFilter, quote, type CompileContext } from './compile-filter';
import { joinSql, sql, type Sql } from './sql';

const MAX_WORDS = 10;
/** InnoDB's default `innodb_ft_min_token_size` and `innodb_ft_max_token_size`. */
const MIN_TOKEN = 3;
const MAX_TOKEN = 84;
/** InnoDB's default stopwords: never in the index, so a required one would match nothing. */
const STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);
const TOKEN = /^[\p{L}\p{N}]+$/u;

/** The words of a search as the index splits them, and those it cannot answer. */
export function splitSearchWords(search: string): { readonly indexed: string[]; readonly scanned: string[] } {
  const words = [...new Set(search.toLowerCase().split(/\s+/).filter(Boolean))].slice(0, MAX_WORDS);
  const inIndex = (word: string) =>
    TOKEN.test(word) && word.length >= MIN_TOKEN && word.length <= MAX_TOKEN && !STOPWORDS.has(word);
  return { indexed: words.filter(inIndex), scanned: words.filter((word) => !inIndex(word)) };
}

/**
 * `search`: every word must appear, case-insensitively, in one of the text attributes the caller
 * may read. On MySQL and MariaDB the words the FULLTEXT index holds are matched there as word
 * prefixes (`+word*`), the rest (short words, stopwords, punctuation) by LIKE. A caller restricted
 * to some fields cannot use the index, which spans them all, so its search is LIKE only; SQLite's
 * is LIKE only too.
 */
export function compileSearch(
  search: string,
  type: ContentType,
  readable: (name: string) => boolean,
  alias: string,
  context: CompileContext,
): Sql {
  const attributes = searchableAttributes(type).filter((attribute) => readable(attribute.name));
  const fullText = context.dialect === 'mysql' ? fullTextColumnsOf(type) : undefined;
  const useIndex = fullText !== undefined && attributes.length === fullText.length;
  const words = splitSearchWords(search);
  const scanned = useIndex ? words.scanned : [...words.indexed, ...words.scanned];
  const like = compileFilter(containsEveryWord(scanned, attributes), type, alias, context);
  if (!useIndex || words.indexed.length === 0) return like;
  const columns = attributes.map((attribute) => `${quote('mysql', alias)}.${quote('mysql', columnNameOf(attribute))}`);
  const match = sql(`MATCH (${columns.join(', ')}) AGAINST (? IN BOOLEAN MODE)`, [
    words.indexed.map((word) => `+${word}*`).join(' '),
  ]);
  return scanned.length === 0 ? match : joinSql([match, like], ' AND ');
}

function containsEveryWord(words: readonly string[], attributes: readonly { name: string }[]): FilterNode {
  return {
    kind: 'and',
    nodes: words.map((word) => ({
      kind: 'or',
      nodes: attributes.map((attribute) => ({
        kind: 'compare',
        path: [attribute.name],
        operator: '$containsi',
        value: word,
      })),
    })),
  };
}
