import { parseQueryString } from './query-string';

describe(parseQueryString.name, () => {
  it('parses bracket syntax once per query string, and hands out a frozen object nothing can change', () => {
    const query = 'filters[views][$gt]=500&sort[0]=title:asc&populate=author';
    const first = parseQueryString(query);
    expect(first).toEqual({ filters: { views: { $gt: '500' } }, sort: ['title:asc'], populate: 'author' });
    expect(parseQueryString(query)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen((first.filters as { views: object }).views)).toBe(true);
    expect(() => {
      'use strict';
      (first as Record<string, unknown>).populate = '*';
    }).toThrow(TypeError);
  });

  it('refuses the same bad query string every time', () => {
    for (let attempt = 0; attempt < 2; attempt += 1)
      expect(() => parseQueryString('filters[constructor][$eq]=x')).toThrow('Invalid key constructor');
    const deep = `a${'[b]'.repeat(25)}=1`;
    expect(() => parseQueryString(deep)).toThrow('The query string nests deeper than 20 levels');
  });

  it('answers nothing for no query string', () => {
    expect(parseQueryString(undefined)).toEqual({});
    expect(parseQueryString('')).toEqual({});
  });
});
