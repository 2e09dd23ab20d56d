import { parseDefinitions } from '../definition/parse-definitions';
import type { Attribute, AttributeType, ContentType } from '../definition/content-type';
import { ATTRIBUTE_TYPES } from '../definition/content-type';
import { ATTRIBUTE_TYPE_SPECS, attributeType } from './registry';
import { storageOf } from './column-of-attribute';

/** Two components the attributes under test may name. */
const COMPONENTS = ['blocks.a', 'blocks.b'].map((uid) => ({
  uid,
  info: { displayName: uid },
  attributes: { text: { type: 'string' } },
}));

function attributeOf(definition: Record<string, unknown>): Attribute {
  const [, , type] = parseDefinitions([
    ...COMPONENTS,
    {
      info: { singularName: 'thing', pluralName: 'things', displayName: 'Thing' },
      attributes: {
        value: definition,
        other: { type: 'relation', relation: 'manyToOne', target: 'thing' },
      },
    },
  ]) as [ContentType, ContentType, ContentType];
  return type.attributes.find((attribute) => attribute.name === 'value')!;
}

/** What the attribute's module makes of a written value: the stored value, or the problems. */
function input(definition: Record<string, unknown>, value: unknown) {
  const attribute = attributeOf(definition);
  const problems: string[] = [];
  const checked = attributeType(attribute).input(attribute, value, (message, path = []) =>
    problems.push([...path, message].join(' ')),
  );
  return problems.length > 0 ? { problems } : checked;
}

describe('the attribute-type registry', () => {
  it('has a module for every attribute type of the contract', () => {
    expect(Object.keys(ATTRIBUTE_TYPE_SPECS).sort()).toEqual([...ATTRIBUTE_TYPES].sort());
  });

  it.each<[Record<string, unknown>, unknown, unknown]>([
    [{ type: 'string', maxLength: 5 }, 'short', 'short'],
    [{ type: 'text' }, 'x'.repeat(10_000), 'x'.repeat(10_000)],
    [{ type: 'email' }, 'ann@example.com', 'ann@example.com'],
    [{ type: 'uid' }, 'a-b_c.d~e', 'a-b_c.d~e'],
    [{ type: 'integer', min: 0 }, 0, 0],
    [{ type: 'biginteger' }, '9007199254740993', '9007199254740993'],
    [{ type: 'float' }, 1.5, 1.5],
    [{ type: 'decimal' }, 12.34, 12.34],
    [{ type: 'boolean' }, false, 0],
    [{ type: 'date' }, '2026-12-01', '2026-12-01'],
    [{ type: 'time' }, '14:30', '14:30:00.000'],
    [{ type: 'time' }, '07:05:09.5', '07:05:09.500'],
    [{ type: 'datetime' }, '2026-12-01T10:00:00+02:00', '2026-12-01 08:00:00.000'],
    [{ type: 'timestamp' }, 0, '1970-01-01 00:00:00.000'],
    [{ type: 'enumeration', enum: ['a', 'b'] }, 'b', 'b'],
    [{ type: 'json' }, { a: [1, null] }, '{"a":[1,null]}'],
    [{ type: 'blocks' }, [{ type: 'paragraph' }], '[{"type":"paragraph"}]'],
  ])('stores a valid %j value %j as %j', (definition, value, stored) => {
    expect(input(definition, value)).toEqual({ kind: 'column', value: stored });
  });

  it.each<[Record<string, unknown>, unknown, string]>([
    [{ type: 'string', maxLength: 5 }, 'too long', 'must be at most 5 characters'],
    [{ type: 'string' }, 'x'.repeat(256), 'must be at most 255 characters'],
    [{ type: 'string', minLength: 2 }, 'x', 'must be at least 2 characters'],
    [{ type: 'string', regex: '^[a-z]+$' }, 'ABC', 'does not match the expected format'],
    [{ type: 'string' }, 12, 'must be a string'],
    [{ type: 'email' }, 'nope', 'must be an email address'],
    [{ type: 'uid' }, 'a b', 'may hold only letters, digits and . _ ~ -'],
    [{ type: 'integer' }, 1.5, 'must be an integer'],
    [{ type: 'integer' }, 2 ** 31, 'must be between -2147483647 and 2147483647'],
    [{ type: 'integer', max: 3 }, 4, 'must be at most 3'],
    [{ type: 'float' }, '1', 'must be a number'],
    [{ type: 'boolean' }, 'true', 'must be true or false'],
    [{ type: 'date' }, '2026-13-45', 'must be a date (YYYY-MM-DD)'],
    [{ type: 'time' }, '25:00', 'must be a time (HH:MM[:SS[.sss]])'],
    [{ type: 'datetime' }, 'yesterday', 'must be a date and time (ISO 8601)'],
    [{ type: 'enumeration', enum: ['a'] }, 'c', 'must be one of a'],
    [{ type: 'blocks' }, [{ text: 'no type' }], 'must be a list of blocks, each an object with a type'],
    [{ type: 'json' }, JSON.parse(`${'['.repeat(65)}${']'.repeat(65)}`), 'nests deeper than 64 levels'],
    [{ type: 'json' }, 'x'.repeat(1024 * 1024), 'is larger than 1048576 bytes'],
    [{ type: 'relation', relation: 'manyToOne', target: 'thing' }, ['a', 'b'], 'a to-one relation takes one document'],
    [
      { type: 'relation', relation: 'manyToMany', target: 'thing' },
      { add: ['a'] },
      'takes connect, disconnect or set, not add',
    ],
    [{ type: 'media', multiple: true }, [0], 'must name documents by documentId or id'],
  ])('refuses for %j the value %j: %s', (definition, value, problem) => {
    expect(input(definition, value)).toEqual({ problems: [problem] });
  });

  it('reads relation inputs in every Strapi v5 shape', () => {
    const toMany = { type: 'relation', relation: 'manyToMany', target: 'thing' };
    expect(input(toMany, ['a', 2])).toEqual({ kind: 'toMany', set: ['a', 2], connect: [], disconnect: [] });
    expect(input(toMany, { connect: [{ documentId: 'a' }], disconnect: [{ id: 3 }] })).toEqual({
      kind: 'toMany',
      connect: ['a'],
      disconnect: [3],
    });
    const toOne = { type: 'relation', relation: 'manyToOne', target: 'thing' };
    expect(input(toOne, 'a')).toEqual({ kind: 'toOne', documentId: 'a' });
    expect(input(toOne, null)).toEqual({ kind: 'toOne', documentId: null });
    expect(input(toOne, { disconnect: ['a'] })).toEqual({ kind: 'toOne', documentId: null });
    expect(input({ type: 'media' }, 12)).toEqual({ kind: 'toOne', documentId: 12 });
  });

  it('reads component and dynamic-zone entries in Strapi v5 shapes, within their bounds', () => {
    const single = { type: 'component', component: 'blocks.a' };
    expect(input(single, { text: 'x' })).toEqual({
      kind: 'components',
      entries: [{ component: 'blocks.a', data: { text: 'x' } }],
    });
    expect(input(single, [{ text: 'x' }])).toEqual({ problems: ['must be an object of the component’s fields'] });
    const list = { type: 'component', component: 'blocks.a', repeatable: true, min: 1, max: 2 };
    expect(input(list, [{ id: 3 }, {}])).toEqual({
      kind: 'components',
      entries: [
        { component: 'blocks.a', data: { id: 3 } },
        { component: 'blocks.a', data: {} },
      ],
    });
    expect(input(list, [{}, {}, {}])).toEqual({ problems: ['must have at most 2 entries'] });
    expect(input(list, [{}, 'x'])).toEqual({ problems: ['1 must be an object of the component’s fields'] });
    const zone = { type: 'dynamiczone', components: ['blocks.a', 'blocks.b'] };
    expect(input(zone, [{ __component: 'blocks.b', text: 'y' }])).toEqual({
      kind: 'components',
      entries: [{ component: 'blocks.b', data: { text: 'y' } }],
    });
    expect(input(zone, [{ __component: 'blocks.c' }])).toEqual({
      problems: ['0 __component must name one of blocks.a, blocks.b'],
    });
    expect(input(zone, { __component: 'blocks.a' })).toEqual({
      problems: ['must be a list of entries, each with __component'],
    });
  });

  it.each<[AttributeType | Record<string, unknown>, unknown, unknown]>([
    ['integer', '42', 42],
    ['biginteger', 9007199254740993n, '9007199254740993'],
    ['decimal', '12.30', 12.3],
    ['boolean', 1, true],
    ['boolean', '0', false],
    ['date', new Date('2026-12-01T00:00:00Z'), '2026-12-01'],
    ['time', '14:30:00', '14:30:00.000'],
    ['datetime', '2026-12-01 08:00:00.000', '2026-12-01T08:00:00.000Z'],
    ['datetime', new Date('2026-12-01T08:00:00Z'), '2026-12-01T08:00:00.000Z'],
    ['json', '{"a":1}', { a: 1 }],
    ['blocks', [{ type: 'p' }], [{ type: 'p' }]],
    ['string', 'as is', 'as is'],
  ])('answers a stored %s value %j as %j', (type, raw, shown) => {
    const attribute = attributeOf(typeof type === 'string' ? { type } : type);
    expect(attributeType(attribute).output(raw)).toEqual(shown);
  });

  it('keeps a password out of answers, filters and sorts, and stores its hash whatever its maxLength', () => {
    const password = attributeOf({ type: 'password', minLength: 8, maxLength: 10 });
    const spec = attributeType(password);
    expect(input({ type: 'password', minLength: 8 }, 'long enough')).toEqual({ kind: 'secret', plain: 'long enough' });
    expect(input({ type: 'password', minLength: 8 }, 'short')).toEqual({
      problems: ['must be at least 8 characters'],
    });
    expect(spec.shown).toBe(false);
    expect(spec.valueKind).toBeUndefined();
    expect(spec.indexable).toBe(false);
    expect(storageOf(password, 'mysql')).toMatchObject({ kind: 'column', column: { type: 'varchar', length: 255 } });
  });

  it('checks each type’s own definition options', () => {
    const problems = (attribute: Record<string, unknown>) => {
      try {
        attributeOf(attribute);
        return [];
      } catch (error) {
        return ((error as { details: { errors: { path: unknown[]; message: string }[] } }).details.errors ?? []).map(
          (issue) => `${issue.path.slice(-2).join('.')}: ${issue.message}`,
        );
      }
    };
    expect(problems({ type: 'password', regex: 'x' })).toEqual(['value.regex: is not allowed here']);
    expect(problems({ type: 'password', unique: true })).toEqual([
      'value.unique: cannot apply to a password attribute',
    ]);
    expect(problems({ type: 'integer', min: 1.5 })).toEqual(['value.min: must be an integer']);
    expect(problems({ type: 'enumeration', enum: ['a', 'a'] })).toEqual([
      'value.enum: must be a non-empty list of distinct, non-empty strings',
    ]);
    expect(problems({ type: 'boolean', default: 'yes' })).toEqual(['value.default: is not a valid boolean value']);
    expect(problems({ type: 'media', allowedTypes: ['pdfs'] })).toEqual([
      'value.allowedTypes: must be a list of images, videos, audios, files',
    ]);
    expect(problems({ type: 'string', maxLength: 10, minLength: 20 })).toEqual([
      'value.minLength: must not exceed maxLength',
    ]);
  });

  it('gives each column type by its module, on both dialects', () => {
    expect(storageOf(attributeOf({ type: 'string', maxLength: 40 }), 'sqlite')).toMatchObject({
      column: { type: 'varchar', length: 40, caseInsensitive: true },
    });
    expect(storageOf(attributeOf({ type: 'richtext' }), 'mysql')).toMatchObject({ column: { type: 'longtext' } });
    expect(storageOf(attributeOf({ type: 'richtext' }), 'sqlite')).toMatchObject({ column: { type: 'text' } });
    expect(storageOf(attributeOf({ type: 'media', multiple: true }), 'mysql')).toEqual({ kind: 'link' });
    expect(storageOf(attributeOf({ type: 'media' }), 'mysql')).toMatchObject({ references: 'document' });
    const user = attributeOf({ type: 'relation', relation: 'manyToOne', target: 'admin::user' });
    expect(storageOf(user, 'sqlite')).toEqual({
      kind: 'column',
      references: 'user',
      column: { name: 'value_user_id', type: 'integer', nullable: true },
    });
    expect(storageOf(attributeOf({ type: 'component', component: 'blocks.a' }), 'mysql')).toEqual({ kind: 'none' });
  });
});
