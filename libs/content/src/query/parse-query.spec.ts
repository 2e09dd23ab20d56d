import { parse as parseQs } from 'qs';
import { DomainError } from '@cms/core';
import { parseDefinitions, type ContentType } from '@cms/schema';
import { parseQuery, type QueryContext } from './parse-query';

const [article, author, tag] = parseDefinitions([
  {
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string' },
      views: { type: 'integer' },
      featured: { type: 'boolean' },
      publishedDate: { type: 'datetime' },
      secret: { type: 'string', private: true },
      meta_data: { type: 'json' },
      cover: { type: 'media' },
      author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
      tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
    },
  },
  {
    info: { singularName: 'author', pluralName: 'authors', displayName: 'Author' },
    attributes: {
      name: { type: 'string' },
      resetToken: { type: 'string', private: true },
      articles: { type: 'relation', relation: 'oneToMany', target: 'article', mappedBy: 'author' },
      avatar: { type: 'media' },
    },
  },
  { info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' }, attributes: { name: { type: 'string' } } },
]) as [ContentType, ContentType, ContentType];

const [file] = parseDefinitions(
  [
    {
      info: { singularName: 'file', pluralName: 'files', displayName: 'File' },
      collectionName: 'cms_files',
      attributes: { name: { type: 'string' }, mime: { type: 'string' } },
    },
  ],
  [],
  { allowSystem: true },
) as [ContentType];
const types = new Map([article, author, tag, file].map((type) => [type.singularName, type]));
const context: QueryContext = { type: article, typeOf: (name) => types.get(name) };
const parse = (query: string, overrides: Partial<QueryContext> = {}) =>
  parseQuery(parseQs(query, { depth: 20, arrayLimit: 100 }) as Record<string, unknown>, { ...context, ...overrides });

function problems(query: string, overrides: Partial<QueryContext> = {}): [string, string][] {
  try {
    parse(query, overrides);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return (error.details.errors as { path: (string | number)[]; message: string }[]).map((issue) => [
      issue.path.join('.'),
      issue.message,
    ]);
  }
  return [];
}

describe(parseQuery.name, () => {
  it('defaults to the first 25 published entries, with a count', () => {
    expect(parse('')).toEqual({
      sort: [],
      pagination: { kind: 'page', page: 1, pageSize: 25, withCount: true },
      populate: [],
      status: 'published',
    });
  });

  it('parses the benchmark’s filtered, sorted, populated list', () => {
    const query = parse(
      'filters[views][$gt]=500&filters[category][$eq]=tech&sort=publishedDate:desc&pagination[pageSize]=25&populate=author',
      {
        type: parseDefinitions([articleDefinitionWithCategory()], [author, tag])[0]!,
      },
    );
    expect(query.filter).toEqual({
      kind: 'and',
      nodes: [
        { kind: 'compare', path: ['views'], operator: '$gt', value: 500 },
        { kind: 'compare', path: ['category'], operator: '$eq', value: 'tech' },
      ],
    });
    expect(query.sort).toEqual([{ path: ['publishedDate'], direction: 'desc' }]);
    expect(query.populate).toEqual([{ attribute: 'author', sort: [], populate: [] }]);
  });

  it('types each operand by its attribute, through relations and logical operators', () => {
    const { filter } = parse(
      'filters[$or][0][author][name][$startsWithi]=an&filters[$or][1][$not][featured][$eq]=true' +
        '&filters[publishedDate][$between][0]=2024-01-01&filters[publishedDate][$between][1]=2025-01-01&filters[id][$in][0]=1&filters[id][$in][1]=2' +
        '&filters[title][$null]=false&filters[tags][name]=news',
    );
    expect(filter).toEqual({
      kind: 'and',
      nodes: [
        {
          kind: 'or',
          nodes: [
            { kind: 'compare', path: ['author', 'name'], operator: '$startsWithi', value: 'an' },
            { kind: 'not', node: { kind: 'compare', path: ['featured'], operator: '$eq', value: true } },
          ],
        },
        {
          kind: 'compare',
          path: ['publishedDate'],
          operator: '$between',
          value: [new Date('2024-01-01'), new Date('2025-01-01')],
        },
        { kind: 'compare', path: ['id'], operator: '$in', value: [1, 2] },
        { kind: 'compare', path: ['title'], operator: '$null', value: false },
        { kind: 'compare', path: ['tags', 'name'], operator: '$eq', value: 'news' },
      ],
    });
  });

  it('refuses private attributes, even through a relation, exactly like unknown ones', () => {
    expect(problems('filters[secret][$eq]=x')).toEqual([['filters.secret', 'Invalid key secret']]);
    expect(problems('filters[author][resetToken][$startsWith]=a')).toEqual([
      ['filters.author.resetToken', 'Invalid key resetToken'],
    ]);
    expect(problems('filters[nothing][$startsWith]=a')).toEqual([['filters.nothing', 'Invalid key nothing']]);
    expect(problems('sort=author.resetToken')).toEqual([['sort.0', 'Invalid key author.resetToken']]);
    expect(problems('fields[0]=secret')).toEqual([['fields.0', 'Invalid key secret']]);
    expect(problems('populate[author][fields][0]=resetToken')).toEqual([
      ['populate.author.fields.0', 'Invalid key resetToken'],
    ]);
    expect(problems('populate[author][filters][resetToken][$eq]=x')).toEqual([
      ['populate.author.filters.resetToken', 'Invalid key resetToken'],
    ]);
  });

  it('refuses what the caller may not read, per the field allow-list', () => {
    const readable = (type: ContentType) => (type === article ? new Set(['title']) : ('all' as const));
    expect(problems('filters[views][$gt]=1', { readable })).toEqual([['filters.views', 'Invalid key views']]);
    expect(problems('filters[title][$eq]=a&filters[author][name][$eq]=b', { readable })).toEqual([
      ['filters.author', 'Invalid key author'],
    ]);
  });

  it('refuses unknown operators, and operators on the wrong kind of value', () => {
    expect(problems('filters[title][$regex]=.*')).toEqual([['filters.title.$regex', 'Invalid operator $regex']]);
    expect(problems('filters[views][$contains]=5')).toEqual([
      ['filters.views.$contains', 'cannot compare a number value'],
    ]);
    expect(problems('filters[views][$gt]=many')).toEqual([['filters.views.$gt', 'is not a number value']]);
    expect(problems('filters[publishedDate][$lt]=someday')).toEqual([
      ['filters.publishedDate.$lt', 'is not a date value'],
    ]);
    expect(problems('filters[meta_data][$eq]=x')).toEqual([['filters.meta_data.$eq', 'cannot compare a json value']]);
    expect(problems('filters[views][$between][0]=1')).toEqual([
      ['filters.views.$between', 'must be a list of two values'],
    ]);
    expect(problems('filters[$eq]=1')).toEqual([['filters.$eq', 'is not an operator here: name an attribute first']]);
    expect(problems('filters[t1.password][$eq]=1')).toEqual([['filters.t1.password', 'Invalid key t1.password']]);
  });

  it('refuses filters nested deeper than ten levels', () => {
    const deep = `filters${'[$and][0]'.repeat(11)}[title][$eq]=x`;
    expect(problems(deep)[0]![1]).toBe('nests deeper than 10 levels');
    expect(problems(`filters${'[$and][0]'.repeat(8)}[title][$eq]=x`)).toEqual([]);
  });

  it('reads every sort form, through to-one relations only', () => {
    expect(parse('sort[0]=title:asc&sort[1]=views:desc').sort).toEqual([
      { path: ['title'], direction: 'asc' },
      { path: ['views'], direction: 'desc' },
    ]);
    expect(parse('sort=title,author.name:DESC').sort).toEqual([
      { path: ['title'], direction: 'asc' },
      { path: ['author', 'name'], direction: 'desc' },
    ]);
    expect(problems('sort=tags.name')).toEqual([['sort.0', 'cannot sort by tags: name a field of a to-one relation']]);
    expect(problems('sort=title:sideways')).toEqual([['sort.0', 'must be field[:asc|:desc]']]);
  });

  it('reads page, offset and cursor pagination, and refuses bad numbers and mixes', () => {
    expect(parse('pagination[page]=3&pagination[pageSize]=10&pagination[withCount]=false').pagination).toEqual({
      kind: 'page',
      page: 3,
      pageSize: 10,
      withCount: false,
    });
    expect(parse('pagination[start]=50&pagination[limit]=5').pagination).toEqual({
      kind: 'offset',
      start: 50,
      limit: 5,
      withCount: true,
    });
    expect(parse('pagination[cursor]=abc&pagination[limit]=5').pagination).toEqual({
      kind: 'cursor',
      cursor: 'abc',
      limit: 5,
    });
    // Clamped, as Strapi does: pageSize to the maximum, page to 1, start to 0.
    expect(parse('pagination[pageSize]=101').pagination).toMatchObject({ page: 1, pageSize: 100 });
    expect(parse('pagination[page]=-1&pagination[pageSize]=0').pagination).toMatchObject({ page: 1, pageSize: 1 });
    expect(parse('pagination[start]=-5&pagination[limit]=500').pagination).toMatchObject({ start: 0, limit: 100 });
    expect(problems('pagination[page]=two')).toEqual([['pagination.page', 'must be an integer']]);
    expect(problems('pagination[page]=1&pagination[start]=0')).toEqual([
      ['pagination', 'takes page and pageSize, or start and limit, not both'],
    ]);
    expect(problems('pagination[pageSize]=500', { maxPageSize: 1000 })).toEqual([]);
  });

  it('reads every populate form, and refuses depth over five', () => {
    expect(parse('populate=*').populate.map((node) => node.attribute)).toEqual(['cover', 'author', 'tags']);
    expect(parse('populate[0]=author&populate[1]=tags').populate.map((node) => node.attribute)).toEqual([
      'author',
      'tags',
    ]);
    expect(
      parse(
        'populate[author][fields][0]=name&populate[author][populate][0]=avatar&populate[tags][sort]=name:desc&populate[tags][filters][name][$eq]=x',
      ).populate,
    ).toEqual([
      { attribute: 'author', fields: ['name'], sort: [], populate: [{ attribute: 'avatar', sort: [], populate: [] }] },
      {
        attribute: 'tags',
        filter: { kind: 'compare', path: ['name'], operator: '$eq', value: 'x' },
        sort: [{ path: ['name'], direction: 'desc' }],
        populate: [],
      },
    ]);
    expect(parse('populate=author.articles').populate).toEqual([
      { attribute: 'author', sort: [], populate: [{ attribute: 'articles', sort: [], populate: [] }] },
    ]);
    const tooDeep = `populate${'[author][populate][articles][populate]'.repeat(3)}[author]=true`;
    expect(problems(tooDeep).map(([, message]) => message)).toEqual(['populates deeper than 5 levels']);
    expect(problems('populate=title')).toEqual([['populate.0', 'Invalid key title']]);
  });

  it('treats media as a relation to files: filters, sort and populate options reach the file', () => {
    expect(parse('filters[cover][mime][$startsWith]=image/').filter).toEqual({
      kind: 'compare',
      path: ['cover', 'mime'],
      operator: '$startsWith',
      value: 'image/',
    });
    expect(parse('sort=cover.name').sort).toEqual([{ path: ['cover', 'name'], direction: 'asc' }]);
    expect(parse('populate[cover][fields][0]=name').populate).toEqual([
      { attribute: 'cover', fields: ['name'], sort: [], populate: [] },
    ]);
    expect(problems('filters[cover][secret][$eq]=x')).toEqual([['filters.cover.secret', 'Invalid key secret']]);
  });

  it('ignores unknown top-level parameters, as Strapi does, and refuses a bad status and overlong searches', () => {
    expect(problems('sorting=title&t=123&status=archived')).toEqual([['status', 'must be draft or published']]);
    expect(problems(`search=${'x'.repeat(201)}`)).toEqual([['search', 'must be text of at most 200 characters']]);
    expect(parse('status=draft&search= news ')).toMatchObject({ status: 'draft', search: 'news' });
  });
});

function articleDefinitionWithCategory() {
  return {
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    attributes: {
      views: { type: 'integer' },
      category: { type: 'enumeration', enum: ['news', 'tech'] },
      publishedDate: { type: 'datetime' },
      author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
    },
  };
}
