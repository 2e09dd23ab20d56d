import { evaluatePolicy } from './evaluate-policy';
import type { Permission } from '../permissions/permission';

const own = { createdBy: { id: { $eq: '$currentUser' } } };

describe(evaluatePolicy.name, () => {
  it('denies what no permission grants', () => {
    expect(evaluatePolicy([{ action: 'find', subject: 'article' }], 'delete', 'article', 1)).toEqual({
      allowed: false,
      fields: [],
      condition: false,
    });
    expect(evaluatePolicy([{ action: 'find', subject: 'article' }], 'find', 'tag', 1).allowed).toBe(false);
  });

  it('lets `*` stand for every content type, but not for media or admin subjects', () => {
    const permissions: Permission[] = [{ action: 'find', subject: '*' }];
    expect(evaluatePolicy(permissions, 'find', 'article', 1)).toEqual({
      allowed: true,
      fields: 'all',
      condition: undefined,
    });
    expect(evaluatePolicy(permissions, 'find', 'media', 1).allowed).toBe(false);
    expect(evaluatePolicy(permissions, 'find', 'admin.users', 1).allowed).toBe(false);
  });

  it('reads `manage` as including `read` on admin subjects only', () => {
    expect(evaluatePolicy([{ action: 'manage', subject: 'admin.roles' }], 'read', 'admin.roles', 1).allowed).toBe(true);
    expect(evaluatePolicy([{ action: 'read', subject: 'admin.roles' }], 'manage', 'admin.roles', 1).allowed).toBe(
      false,
    );
  });

  it('unites field allow-lists, and any permission without one allows all fields', () => {
    const limited: Permission[] = [
      { action: 'update', subject: 'article', fields: ['title'] },
      { action: 'update', subject: 'article', fields: ['body', 'title'] },
    ];
    expect(evaluatePolicy(limited, 'update', 'article', 1).fields).toEqual(['title', 'body']);
    expect(evaluatePolicy([...limited, { action: 'update', subject: 'article' }], 'update', 'article', 1).fields).toBe(
      'all',
    );
  });

  it('binds $currentUser to the actor and unites conditions with $or', () => {
    const permissions: Permission[] = [
      { action: 'update', subject: 'article', conditions: own },
      { action: 'update', subject: 'article', conditions: { status: { $eq: 'draft' } } },
    ];
    expect(evaluatePolicy(permissions, 'update', 'article', 7).condition).toEqual({
      $or: [{ createdBy: { id: { $eq: 7 } } }, { status: { $eq: 'draft' } }],
    });
  });

  it('drops conditions once any granting permission has none', () => {
    const permissions: Permission[] = [
      { action: 'find', subject: 'article', conditions: own },
      { action: 'find', subject: '*' },
    ];
    expect(evaluatePolicy(permissions, 'find', 'article', 7).condition).toBeUndefined();
  });

  it('fails closed: a condition on the current user matches nothing when there is no user', () => {
    const decision = evaluatePolicy(
      [{ action: 'find', subject: 'article', conditions: own }],
      'find',
      'article',
      undefined,
    );
    expect(decision).toEqual({ allowed: true, fields: 'all', condition: false });
  });
});
