import { parse as parseQs } from 'qs';
import type { Decision, PolicyService } from '@cms/access';
import type { Actor } from '@cms/identity';
import { parseDefinitions, type SchemaRegistry } from '@cms/schema';
import { parseQuery } from '../query/parse-query';
import { AccessPlanner } from './access-planner.service';

const types = parseDefinitions(
  [
    {
      info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
      attributes: {
        title: { type: 'string' },
        body: { type: 'text' },
        cover: { type: 'media' },
        author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
      },
    },
    {
      info: { singularName: 'author', pluralName: 'authors', displayName: 'Author' },
      attributes: {
        name: { type: 'string' },
        email: { type: 'email' },
        articles: { type: 'relation', relation: 'oneToMany', target: 'article', mappedBy: 'author' },
      },
    },
    {
      info: { singularName: 'file', pluralName: 'files', displayName: 'File' },
      collectionName: 'cms_files',
      attributes: { name: { type: 'string' } },
    },
  ],
  [],
  { allowSystem: true },
);
const byName = new Map(types.map((type) => [type.singularName, type]));
const article = byName.get('article')!;
const author = byName.get('author')!;
const registry = { get: (name: string) => byName.get(name), schemaVersion: 1 } as unknown as SchemaRegistry;
const actor: Actor = { kind: 'user', userId: 7 } as Actor;

/** A planner over a policy that answers from a table of `action subject` → decision. */
function planner(decisions: Record<string, Partial<Decision>>): AccessPlanner {
  const policy = {
    decide: async (_actor: Actor, action: string, subject: string): Promise<Decision> => {
      const decision = decisions[`${action} ${subject}`];
      return decision
        ? { allowed: true, fields: 'all', condition: undefined, ...decision }
        : { allowed: false, fields: [], condition: false };
    },
  } as unknown as PolicyService;
  return new AccessPlanner(policy, registry);
}

const parse = (query: string, plan: Awaited<ReturnType<AccessPlanner['plan']>>) =>
  parseQuery(parseQs(query), {
    type: plan.root,
    typeOf: (name) => byName.get(name),
    readable: (type, nested) => plan.readable(type, nested),
  });

describe(AccessPlanner.name, () => {
  it('decides the root type under the action and every type reached under find', async () => {
    const plan = await planner({
      'findOne article': { fields: ['title', 'author'] },
      'find article': { fields: ['title', 'body'] },
      'find author': { fields: ['name'], condition: { createdBy: { id: { $eq: 7 } } } },
    }).plan(actor, 'findOne', article);
    expect(plan.reached).toEqual(['article', 'author', 'file']);
    expect(plan.readable(article, false)).toEqual(new Set(['title', 'author']));
    // Back at articles through a relation, what counts is find.
    expect(plan.readable(article, true)).toEqual(new Set(['title', 'body']));
    expect(plan.readable(author, true)).toEqual(new Set(['name']));
    expect(plan.conditionOf(author)).toEqual({ kind: 'compare', path: ['createdBy', 'id'], operator: '$eq', value: 7 });
    // Files are public, as in Strapi.
    expect(plan.reach(byName.get('file')!)).toEqual({ fields: 'all', condition: undefined });
  });

  it('is a 403 when the caller may not do the action at all', async () => {
    await expect(planner({}).plan(actor, 'find', article)).rejects.toMatchObject({ errorName: 'ForbiddenError' });
  });

  it('lets the parser name no field of a type the caller may not find, but populate it (empty)', async () => {
    const plan = await planner({ 'find article': {} }).plan(actor, 'find', article);
    expect(plan.reach(author)).toBeUndefined();
    expect(plan.conditionOf(author)).toBe(false);
    expect(() => parse('filters[author][name][$eq]=Ann', plan)).toThrow('Invalid key author');
    expect(() => parse('sort=author.name', plan)).toThrow('Invalid key author');
    expect(parse('populate[author][fields][0]=email', plan).populate).toEqual([
      { attribute: 'author', sort: [], populate: [] },
    ]);
  });

  it('fails a condition closed when it names an attribute the type no longer has', async () => {
    const plan = await planner({
      'find article': { condition: { removed: { $eq: 'x' } } },
      'find author': { condition: { gone: { $eq: 1 } } },
    }).plan(actor, 'find', article);
    expect(plan.rootAccess.condition).toBe(false);
    expect(plan.conditionOf(author)).toBe(false);
  });

  it('decides what a write’s answer shows from the caller’s read permission', async () => {
    const decide = planner({ 'create article': {}, 'find article': { fields: ['title'] } });
    expect((await decide.plan(actor, 'create', article, { answers: true })).answer.fields).toEqual(['title']);
    const blind = planner({ 'create article': {} });
    expect((await blind.plan(actor, 'create', article, { answers: true })).answer.fields).toEqual([]);
  });

  it('keys the cache on everything that changes what the caller sees', async () => {
    const one = await planner({ 'find article': {}, 'find author': { fields: ['name'] } }).plan(actor, 'find', article);
    const other = await planner({ 'find article': {}, 'find author': {} }).plan(actor, 'find', article);
    expect(JSON.stringify(one.key)).not.toBe(JSON.stringify(other.key));
  });
});
