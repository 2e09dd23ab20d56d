import { DomainError } from '@cms/core';
import type { ContentType } from './content-type';
import { parseDefinitions } from './parse-definitions';

const article = () => ({
  kind: 'collectionType',
  info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
  options: { draftAndPublish: true, indexes: [['category', 'views']] },
  pluginOptions: { i18n: { localized: false } },
  attributes: {
    title: { type: 'string', required: true, maxLength: 200 },
    slug: { type: 'uid', targetField: 'title' },
    body: { type: 'richtext' },
    views: { type: 'integer', min: 0, default: 0 },
    rating: { type: 'decimal' },
    category: { type: 'enumeration', enum: ['news', 'tech', 'sport', 'culture'] },
    publishedDate: { type: 'datetime' },
    cover: { type: 'media', multiple: false, allowedTypes: ['images'] },
    author: { type: 'relation', relation: 'manyToOne', target: 'api::author.author', inversedBy: 'articles' },
    tags: { type: 'relation', relation: 'manyToMany', target: 'api::tag.tag' },
  },
});
const author = () => ({
  info: { singularName: 'author', pluralName: 'authors', displayName: 'Author' },
  attributes: {
    name: { type: 'string', required: true },
    articles: { type: 'relation', relation: 'oneToMany', target: 'api::article.article', mappedBy: 'author' },
  },
});
const tag = () => ({
  info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
  attributes: { name: { type: 'string', unique: true } },
});

/** The `details.errors` of the ValidationError that `inputs` raise, as [path, message]. */
function problems(inputs: unknown[], existing: ContentType[] = []): [string, string][] {
  try {
    parseDefinitions(inputs, existing);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.errorName).toBe('ValidationError');
    return (error.details.errors as { path: (string | number)[]; message: string }[]).map((issue) => [
      issue.path.join('.'),
      issue.message,
    ]);
  }
  return [];
}

describe(parseDefinitions.name, () => {
  it('normalizes the contract’s example into typed definitions', () => {
    const [parsed] = parseDefinitions([article(), author(), tag()]);
    expect(parsed).toMatchObject({
      uid: 'api::article.article',
      kind: 'collectionType',
      singularName: 'article',
      pluralName: 'articles',
      tableName: 'articles',
      draftAndPublish: true,
      localized: false,
      indexes: [['category', 'views']],
    });
    expect(parsed!.attributes.find((attribute) => attribute.name === 'author')).toEqual({
      name: 'author',
      type: 'relation',
      relation: 'manyToOne',
      target: 'author',
      inversedBy: 'articles',
      required: false,
      unique: false,
      private: false,
      index: false,
      configurable: true,
      localized: true,
    });
    expect(parsed!.attributes.find((attribute) => attribute.name === 'views')).toMatchObject({ min: 0, default: 0 });
  });

  it('takes collectionName as the table, and names that are SQL keywords', () => {
    const [parsed] = parseDefinitions([
      {
        collectionName: 'select_things',
        info: { singularName: 'order', pluralName: 'orders', displayName: 'Order' },
        attributes: { select: { type: 'string' }, from: { type: 'integer' }, where: { type: 'boolean' } },
      },
    ]);
    expect(parsed!.tableName).toBe('select_things');
    expect(parsed!.attributes.map((attribute) => attribute.name)).toEqual(['select', 'from', 'where']);
  });

  it('points at each bad part of a definition', () => {
    expect(
      problems([
        {
          kind: 'listType',
          info: { singularName: 'Bad Name', pluralName: 'admin', displayName: '' },
          collectionName: 'cms_users',
          extra: 1,
          attributes: {
            id: { type: 'string' },
            documentId: { type: 'string' },
            createdAt: { type: 'datetime' },
            locale: { type: 'string' },
            title: { type: 'strnig' },
            views: { type: 'integer', min: 10, max: 1, default: 'many' },
            body: { type: 'text', unique: true, maxLength: -1 },
            code: { type: 'string', regex: '([a-z' },
            kind: { type: 'enumeration', enum: [] },
            fooBar: { type: 'string' },
            foo_bar: { type: 'string' },
            slug: { type: 'uid', targetField: 'missing' },
            shape: { type: 'string', colour: 'red' },
          },
        },
      ]),
    ).toEqual([
      ['extra', 'is not allowed here'],
      ['kind', 'must be collectionType or singleType'],
      ['info.singularName', 'must be kebab-case: lower-case letters, digits and dashes, starting with a letter'],
      ['info.pluralName', '"admin" is reserved'],
      ['info.displayName', 'must be a non-empty string'],
      ['collectionName', 'must not start with cms_ (reserved for system tables)'],
      ['attributes.id', '"id" is reserved for a system field'],
      ['attributes.documentId', '"documentId" is reserved for a system field'],
      ['attributes.createdAt', '"createdAt" is reserved for a system field'],
      ['attributes.locale', '"locale" is reserved for a system field'],
      ['attributes.title.type', expect.stringMatching(/^must be one of string, text/)],
      ['attributes.views.min', 'must not exceed max'],
      ['attributes.views.default', 'is not a valid integer value'],
      ['attributes.body.unique', 'cannot apply to a text attribute'],
      ['attributes.body.maxLength', 'must be a non-negative integer'],
      ['attributes.code.regex', 'is not a valid regular expression'],
      ['attributes.kind.enum', 'must be a non-empty list of distinct, non-empty strings'],
      ['attributes.foo_bar', 'clashes with "fooBar": both would be the column foo_bar'],
      ['attributes.shape.colour', 'is not allowed here'],
      ['attributes.slug.targetField', 'must name a string or text attribute of this type'],
    ]);
  });

  it('refuses relations to unknown types and one-sided two-way relations', () => {
    expect(problems([article(), tag()])).toEqual([[`0.attributes.author.target`, 'no content type "author"']]);
    const loner = { ...author(), attributes: { name: { type: 'string' } } };
    expect(problems([article(), loner, tag()])).toEqual([
      ['0.attributes.author.inversedBy', 'author has no relation "articles" back to article'],
    ]);
    const wrongKind = author();
    wrongKind.attributes.articles.relation = 'manyToMany';
    expect(problems([article(), wrongKind, tag()])).toContainEqual([
      '0.attributes.author.relation',
      'manyToOne needs oneToMany on the other side, not manyToMany',
    ]);
  });

  it('checks new types against the registered ones: names, tables and targets', () => {
    const registered = parseDefinitions([article(), author(), tag()]);
    const clash = {
      info: { singularName: 'post', pluralName: 'articles', displayName: 'Post' },
      attributes: { a: { type: 'string' } },
    };
    expect(problems([clash], registered)).toContainEqual([
      'info.pluralName',
      '"articles" is already a name of api::article.article',
    ]);
    const table = {
      collectionName: 'tags',
      info: { singularName: 'label', pluralName: 'labels', displayName: 'L' },
      attributes: { a: { type: 'string' } },
    };
    expect(problems([table], registered)).toEqual([
      ['collectionName', 'the table tags already belongs to api::tag.tag'],
    ]);
    const linked = {
      info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
      attributes: { tag: { type: 'relation', relation: 'manyToOne', target: 'tag' } },
    };
    expect(parseDefinitions([linked], registered)[0]!.attributes[0]).toMatchObject({ target: 'tag' });
  });

  it('refuses what is not a definition at all', () => {
    expect(problems([null])).toEqual([['', 'must be a content-type definition object']]);
    expect(problems([{ info: { singularName: 'x1', pluralName: 'x1s', displayName: 'X' }, attributes: {} }])).toEqual([
      ['attributes', 'must be an object with at least one attribute'],
    ]);
  });

  it('reads components in Strapi’s shape under their category.name, and checks what they name', () => {
    const seo = {
      uid: 'shared.seo',
      info: { displayName: 'SEO', icon: 'search' },
      attributes: { title: { type: 'string' } },
    };
    const page = {
      info: { singularName: 'page', pluralName: 'pages', displayName: 'Page' },
      attributes: {
        seo: { type: 'component', component: 'shared.seo' },
        blocks: { type: 'dynamiczone', components: ['shared.seo'], max: 3 },
      },
    };
    const [component, type] = parseDefinitions([seo, page]);
    expect(component).toMatchObject({
      uid: 'shared.seo',
      kind: 'component',
      category: 'shared',
      icon: 'search',
      tableName: 'components_shared_seo',
    });
    expect(type!.attributes.map((attribute) => attribute.type)).toEqual(['component', 'dynamiczone']);
    expect(problems([page])).toEqual([
      ['attributes.seo.component', 'no component "shared.seo"'],
      ['attributes.blocks.components', 'no component "shared.seo"'],
    ]);
    expect(problems([{ ...seo, uid: 'Shared.SEO' }])).toEqual([
      ['uid', 'must be category.name: two kebab-case names of at most 31 characters'],
    ]);
    const loop = (uid: string, other: string) => ({
      uid,
      info: { displayName: uid },
      attributes: { inner: { type: 'component', component: other } },
    });
    expect(problems([loop('a.one', 'a.two'), loop('a.two', 'a.one')])).toEqual([
      ['0.attributes.inner.component', 'components nest in a loop through a.two'],
      ['1.attributes.inner.component', 'components nest in a loop through a.one'],
    ]);
  });
});
