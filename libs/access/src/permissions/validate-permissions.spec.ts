import { validatePermissions } from './validate-permissions';

const paths = (input: unknown, kinds?: Parameters<typeof validatePermissions>[1]) =>
  validatePermissions(input, kinds).map((issue) => [issue.path.join('.'), issue.message]);

describe(validatePermissions.name, () => {
  it('accepts content, media and admin permissions with fields and conditions', () => {
    expect(
      paths([
        {
          action: 'update',
          subject: 'article',
          fields: ['title', 'seo.metaTitle'],
          conditions: { createdBy: { id: { $eq: '$currentUser' } } },
        },
        { action: 'upload', subject: 'media' },
        { action: 'manage', subject: 'admin.users' },
        { action: 'find', subject: '*' },
      ]),
    ).toEqual([]);
  });

  it('names each bad part by its path', () => {
    expect(
      paths([
        { action: 'fly', subject: 'article' },
        { action: 'find', subject: 'Bad Subject!' },
        { action: 'manage', subject: 'admin.users', fields: ['email'] },
        { action: 'find', subject: 'article', conditions: { 'title; DROP': { $eq: 1 } } },
        { action: 'find', subject: 'article', conditions: { title: { $regex: '.*' } } },
        { action: 'find', subject: 'article', extra: true },
        { action: 'find', subject: 'article', fields: ['seo.', 'seo..title'] },
      ]),
    ).toEqual([
      ['permissions.0.action', 'must be one of find, findOne, create, update, delete, publish for article'],
      ['permissions.1.subject', 'is not a known subject here'],
      ['permissions.2.fields', 'does not apply to admin subjects'],
      ['permissions.3.conditions.title; DROP', 'is not an attribute name or a filter operator'],
      ['permissions.4.conditions.title.$regex', 'is not an attribute name or a filter operator'],
      ['permissions.5.extra', 'is not allowed'],
      ['permissions.6.fields', 'must be a list of attribute names (or paths into components)'],
    ]);
  });

  it('refuses admin subjects where only content and media are allowed (API tokens)', () => {
    expect(paths([{ action: 'manage', subject: 'admin.roles' }], ['content', 'media'])).toEqual([
      ['permissions.0.subject', 'is not a known subject here'],
    ]);
  });

  it('refuses conditions nested deeper than ten levels', () => {
    let deep: Record<string, unknown> = { $eq: 1 };
    for (let i = 0; i < 12; i += 1) deep = { $and: [deep] };
    expect(paths([{ action: 'find', subject: 'article', conditions: deep }])[0]?.[1]).toMatch(/deeper than 10/);
  });
});
