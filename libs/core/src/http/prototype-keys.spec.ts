import { prototypeKeyInBody, prototypeKeyInQuery } from './prototype-keys';

describe('prototype keys', () => {
  it.each([
    ['filters[constructor][$eq]=x', ['filters', 'constructor']],
    ['filters[title][constructor]=x', ['filters', 'title', 'constructor']],
    ['__proto__[polluted]=1', ['__proto__']],
    ['a=1&filters%5Bprototype%5D=1', ['filters', 'prototype']],
  ])('finds the one in the query string %s', (query, path) => {
    expect(prototypeKeyInQuery(query)).toEqual(path);
  });

  it('lets ordinary keys and values through, even ones that mention a prototype', () => {
    expect(prototypeKeyInQuery('filters[title][$eq]=constructor&sort=title')).toBeUndefined();
    expect(prototypeKeyInQuery('%E0%A4%A=1')).toBeUndefined();
  });

  it('finds the one in a body, however deep, with its path', () => {
    expect(prototypeKeyInBody(JSON.parse('{"data":{"tags":[{"__proto__":{}}]}}'))).toEqual([
      'data',
      'tags',
      0,
      '__proto__',
    ]);
    expect(prototypeKeyInBody({ data: { title: 'constructor' } })).toBeUndefined();
    const deep = JSON.parse(`${'['.repeat(100_000)}{"constructor":1}${']'.repeat(100_000)}`);
    expect(prototypeKeyInBody(deep)).toHaveLength(100_001);
  });
});
