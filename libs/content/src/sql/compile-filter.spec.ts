import { parseDefinitions, type ContentType } from '@cms/schema';
import type { FilterNode } from '../query/content-query';
import { OPERATORS, type Operator } from '@cms/core';
import { compileFilter, type CompileContext, type Dialect } from './compile-filter';
import { compileSort } from './compile-sort';

const types = parseDefinitions([
  {
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string' },
      views: { type: 'integer' },
      published: { type: 'datetime' },
      author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
      tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
    },
  },
  {
    info: { singularName: 'author', pluralName: 'authors', displayName: 'Author' },
    attributes: {
      name: { type: 'string' },
      articles: { type: 'relation', relation: 'oneToMany', target: 'article', mappedBy: 'author' },
    },
  },
  { info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' }, attributes: { name: { type: 'string' } } },
]);
const byName = new Map(types.map((type) => [type.singularName, type]));
const article = byName.get('article')!;

function context(dialect: Dialect, conditions: Record<string, FilterNode | false> = {}): CompileContext {
  return {
    dialect,
    typeOf: (name) => byName.get(name),
    status: 'published',
    conditionOf: (type: ContentType) => conditions[type.singularName],
  };
}

const OPERANDS: Record<Operator, FilterNode & { kind: 'compare' }> = {
  $eq: { kind: 'compare', path: ['title'], operator: '$eq', value: 'A' },
  $eqi: { kind: 'compare', path: ['title'], operator: '$eqi', value: 'A' },
  $ne: { kind: 'compare', path: ['title'], operator: '$ne', value: 'A' },
  $nei: { kind: 'compare', path: ['title'], operator: '$nei', value: 'A' },
  $lt: { kind: 'compare', path: ['views'], operator: '$lt', value: 5 },
  $lte: { kind: 'compare', path: ['views'], operator: '$lte', value: 5 },
  $gt: { kind: 'compare', path: ['views'], operator: '$gt', value: 5 },
  $gte: { kind: 'compare', path: ['published'], operator: '$gte', value: new Date('2026-12-01T00:00:00Z') },
  $in: { kind: 'compare', path: ['views'], operator: '$in', value: [1, 2] },
  $notIn: { kind: 'compare', path: ['title'], operator: '$notIn', value: ['a', 'b'] },
  $contains: { kind: 'compare', path: ['title'], operator: '$contains', value: '50%_off!' },
  $notContains: { kind: 'compare', path: ['title'], operator: '$notContains', value: 'x' },
  $containsi: { kind: 'compare', path: ['title'], operator: '$containsi', value: 'X' },
  $notContainsi: { kind: 'compare', path: ['title'], operator: '$notContainsi', value: 'X' },
  $startsWith: { kind: 'compare', path: ['title'], operator: '$startsWith', value: 'a*' },
  $startsWithi: { kind: 'compare', path: ['title'], operator: '$startsWithi', value: 'A' },
  $endsWith: { kind: 'compare', path: ['title'], operator: '$endsWith', value: 'z' },
  $endsWithi: { kind: 'compare', path: ['title'], operator: '$endsWithi', value: 'Z' },
  $between: { kind: 'compare', path: ['views'], operator: '$between', value: [1, 9] },
  $null: { kind: 'compare', path: ['title'], operator: '$null', value: true },
  $notNull: { kind: 'compare', path: ['title'], operator: '$notNull', value: true },
};

describe(compileFilter.name, () => {
  it('has a case for every operator of the table', () => {
    expect(Object.keys(OPERANDS).sort()).toEqual(Object.keys(OPERATORS).sort());
  });

  describe.each<Dialect>(['sqlite', 'mysql'])('on %s', (dialect) => {
    it.each(Object.keys(OPERATORS) as Operator[])('compiles %s to bound SQL', (operator) => {
      const compiled = compileFilter(OPERANDS[operator], article, 't', context(dialect));
      expect(compiled).toMatchSnapshot();
      // Values are always parameters, never text of the SQL.
      expect(compiled.text).not.toMatch(/'A'|'a\*'|50%/);
    });
  });

  it('compiles a relation path to a subquery on the target, in the version read', () => {
    const filter: FilterNode = { kind: 'compare', path: ['author', 'name'], operator: '$eq', value: 'Ann' };
    expect(compileFilter(filter, article, 't', context('mysql'))).toEqual({
      text: '`t`.`author_document_id` IN (SELECT `r1`.`document_id` FROM `authors` `r1` WHERE `r1`.`is_published` = ? AND `r1`.`name` COLLATE utf8mb4_bin = ?)',
      params: [1, 'Ann'],
    });
  });

  it('applies the caller’s row condition on the related type inside the subquery', () => {
    const own: FilterNode = { kind: 'compare', path: ['createdBy', 'id'], operator: '$eq', value: 7 };
    const filter: FilterNode = { kind: 'compare', path: ['tags', 'name'], operator: '$eq', value: 'news' };
    const compiled = compileFilter(filter, article, 't', context('sqlite', { tag: own }));
    expect(compiled.text).toBe(
      'EXISTS (SELECT 1 FROM "articles_tags_lnk" "l1" JOIN "tags" "r1" ON "r1"."document_id" = "l1"."target_document_id" WHERE "l1"."row_id" = "t"."id" AND "r1"."is_published" = ? AND "r1"."created_by_id" = ? AND "r1"."name" COLLATE BINARY = ?)',
    );
    expect(compiled.params).toEqual([1, 7, 'news']);
  });

  it('matches no related row of a type whose rows the caller may not see', () => {
    const filter: FilterNode = { kind: 'compare', path: ['author', 'name'], operator: '$eq', value: 'Ann' };
    const compiled = compileFilter(filter, article, 't', context('sqlite', { author: false }));
    expect(compiled.text).toContain('WHERE 1 = 0 AND');
  });

  it('sorts through a to-one relation by a visible related row only', () => {
    const own: FilterNode = { kind: 'compare', path: ['createdBy', 'id'], operator: '$eq', value: 7 };
    const sort = compileSort(
      { path: ['author', 'name'], direction: 'desc' },
      article,
      't',
      context('mysql', { author: own }),
    );
    expect(sort).toEqual({
      text: '(SELECT `s1`.`name` FROM `authors` `s1` WHERE `s1`.`document_id` = `t`.`author_document_id` AND `s1`.`is_published` = ? AND `s1`.`created_by_id` = ? LIMIT 1) DESC',
      params: [1, 7],
    });
  });
});
