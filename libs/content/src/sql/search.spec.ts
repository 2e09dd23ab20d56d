import { parseDefinitions, tableSpecsOf, type ContentType } from '@cms/schema';
import type { CompileContext, Dialect } from './compile-filter';
import { compileSearch, splitSearchWords } from './search';

const [post] = parseDefinitions([
  {
    info: { singularName: 'post', pluralName: 'posts', displayName: 'Post' },
    attributes: {
      title: { type: 'string' },
      body: { type: 'richtext' },
      views: { type: 'integer' },
      secret: { type: 'text', private: true },
    },
  },
]) as [ContentType];

const contextOf = (dialect: Dialect): CompileContext => ({ dialect, typeOf: () => undefined, status: 'published' });
const everything = () => true;

describe('search', () => {
  it('sends to the index only the words InnoDB indexes, lower-cased and once each', () => {
    expect(splitSearchWords('  Nest nest SQL the a-b éclair 42 to  ')).toEqual({
      indexed: ['nest', 'sql', 'éclair'],
      scanned: ['the', 'a-b', '42', 'to'],
    });
    expect(splitSearchWords(Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ')).indexed).toHaveLength(
      10,
    );
  });

  it('matches the FULLTEXT index on MySQL as word prefixes, and the remaining words by LIKE', () => {
    const compiled = compileSearch('Graph QL', post, everything, 't', contextOf('mysql'));
    expect(compiled.text).toBe(
      "MATCH (`t`.`title`, `t`.`body`) AGAINST (? IN BOOLEAN MODE) AND ((LOWER(`t`.`title`) LIKE LOWER(?) ESCAPE '!' OR LOWER(`t`.`body`) LIKE LOWER(?) ESCAPE '!'))",
    );
    expect(compiled.params).toEqual(['+graph*', '%ql%', '%ql%']);
    expect(compileSearch('graph', post, everything, 't', contextOf('mysql')).text).not.toContain('LIKE');
  });

  it('names exactly the columns of the index the planner builds, never a private one', () => {
    const index = tableSpecsOf(post, 'mysql')[0]!.indexes.find((candidate) => candidate.fullText);
    expect(index?.columns).toEqual(['title', 'body']);
    expect(tableSpecsOf(post, 'sqlite')[0]!.indexes.some((candidate) => candidate.fullText)).toBe(false);
  });

  it('falls back to LIKE on SQLite, and for a caller who may read only some fields', () => {
    const sqlite = compileSearch('graph', post, everything, 't', contextOf('sqlite'));
    expect(sqlite.text).not.toContain('MATCH');
    const restricted = compileSearch('graph', post, (name) => name === 'title', 't', contextOf('mysql'));
    expect(restricted.text).not.toContain('MATCH');
    expect(restricted.text).not.toContain('body');
  });
});
