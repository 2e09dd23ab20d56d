import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { createUser, loginAsAdmin, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, testDialect, type TestDatabase } from './support/test-database';

const author = {
  kind: 'collectionType',
  info: { singularName: 'author', pluralName: 'authors', displayName: 'Author' },
  attributes: { name: { type: 'string', required: true } },
};
const article = (extra: Record<string, unknown> = {}) => ({
  kind: 'collectionType',
  info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
  options: { draftAndPublish: true },
  attributes: {
    title: { type: 'string', required: true, maxLength: 200 },
    author: { type: 'relation', relation: 'manyToOne', target: 'api::author.author' },
    ...extra,
  },
});

describe('content types through the admin API', () => {
  let database: TestDatabase;
  let cms: TestApp;
  let other: TestApp;
  let admin: Session;

  beforeAll(async () => {
    database = await createTestDatabase(testDialect());
    // A second instance on the same database, without Redis: it learns of changes by polling.
    cms = await startTestApp({ database, env: { SCHEMA_POLL_MS: '200' } });
    other = await startTestApp({ database, env: { SCHEMA_POLL_MS: '200' } });
    admin = await loginAsAdmin(cms);
  });

  afterAll(async () => {
    await other?.close();
    await cms?.close();
    await database?.drop();
  });

  const as = (session: Session) => ({
    get: (path: string) => cms.http().get(path).auth(session.accessToken, { type: 'bearer' }),
    post: (path: string, body: unknown) =>
      cms
        .http()
        .post(path)
        .auth(session.accessToken, { type: 'bearer' })
        .send(body as object),
    put: (path: string, body: unknown) =>
      cms
        .http()
        .put(path)
        .auth(session.accessToken, { type: 'bearer' })
        .send(body as object),
    delete: (path: string) => cms.http().delete(path).auth(session.accessToken, { type: 'bearer' }),
  });
  const tableColumns = async (app: TestApp, table: string) => {
    const queryRunner = app.app.get(DataSource).createQueryRunner();
    try {
      return (await queryRunner.getTable(table))?.columns.map((column) => column.name) ?? [];
    } finally {
      await queryRunner.release();
    }
  };

  it('creates types with their tables, and records who did it', async () => {
    const created = await as(admin).post('/admin/content-types', author).expect(201);
    expect(created.body.data).toMatchObject({
      uid: 'api::author.author',
      apiID: 'author',
      pluralName: 'authors',
      schema: author,
    });
    expect(created.body.data.changes).toEqual(expect.arrayContaining(['create table authors']));
    await as(admin).post('/admin/content-types', article()).expect(201);
    expect(await tableColumns(cms, 'articles')).toEqual(
      expect.arrayContaining(['title', 'author_document_id', 'is_published']),
    );
    const history = await cms.app
      .get(DataSource)
      .query('SELECT singular_name, action, applied_by FROM cms_schema_history ORDER BY id');
    expect(
      history.map((row: { singular_name: string; action: string; applied_by: number }) => [
        row.singular_name,
        row.action,
        Number(row.applied_by),
      ]),
    ).toEqual([
      // The media library's built-in types are installed at start, by no one.
      ['folder', 'create', 0],
      ['file', 'create', 0],
      ['author', 'create', admin.userId],
      ['article', 'create', admin.userId],
    ]);
    const listed = await as(admin).get('/admin/content-types').expect(200);
    expect(listed.body.data.map((type: { apiID: string }) => type.apiID)).toEqual(['article', 'author']);
  });

  it('answers a bad definition with a 400 pointing at the problem, and a taken name with 409', async () => {
    const bad = await as(admin)
      .post('/admin/content-types', {
        ...article(),
        info: { singularName: 'post', pluralName: 'posts', displayName: 'Post' },
        attributes: { id: { type: 'string' }, x: { type: 'relation', relation: 'manyToOne', target: 'nothing' } },
      })
      .expect(400);
    expect(bad.body.error.details.errors).toEqual([
      { path: ['attributes', 'id'], message: '"id" is reserved for a system field', name: 'ValidationError' },
    ]);
    const badTarget = await as(admin)
      .post('/admin/content-types', {
        info: { singularName: 'post', pluralName: 'posts', displayName: 'Post' },
        attributes: { x: { type: 'relation', relation: 'manyToOne', target: 'nothing' } },
      })
      .expect(400);
    expect(badTarget.body.error.details.errors[0]).toMatchObject({ path: ['attributes', 'x', 'target'] });
    await as(admin).post('/admin/content-types', author).expect(409);
  });

  it('adds attributes at once, and refuses to drop one without ?confirm=true', async () => {
    await as(admin)
      .put('/admin/content-types/article', article({ views: { type: 'integer', index: true } }))
      .expect(200);
    expect(await tableColumns(cms, 'articles')).toContain('views');
    const refused = await as(admin).put('/admin/content-types/article', article()).expect(409);
    expect(refused.body.error).toMatchObject({
      name: 'ConflictError',
      details: { steps: ['drop column articles.views'] },
    });
    expect(await tableColumns(cms, 'articles')).toContain('views');
    await as(admin).put('/admin/content-types/article?confirm=true', article()).expect(200);
    expect(await tableColumns(cms, 'articles')).not.toContain('views');
    await as(admin).put('/admin/content-types/article', author).expect(400);
  });

  it('reaches the other instance without a restart', async () => {
    const deadline = Date.now() + 5000;
    let seen: string[] = [];
    const otherAdmin = await loginAsAdmin(other);
    while (Date.now() < deadline) {
      const response = await other.http().get('/admin/content-types').auth(otherAdmin.accessToken, { type: 'bearer' });
      seen = response.body.data.map((type: { apiID: string }) => type.apiID);
      if (seen.includes('article')) break;
      await sleep(100);
    }
    expect(seen).toEqual(['article', 'author']);
  });

  it('refuses to delete a type others point at, and deletes the rest only when confirmed', async () => {
    const inUse = await as(admin).delete('/admin/content-types/author?confirm=true').expect(409);
    expect(inUse.body.error.details).toEqual({ types: ['article'] });
    await as(admin).delete('/admin/content-types/article').expect(409);
    await as(admin).delete('/admin/content-types/article?confirm=true').expect(200);
    expect(await tableColumns(cms, 'articles')).toEqual([]);
    await as(admin).get('/admin/content-types/article').expect(404);
  });

  it('creates types that point at each other in one request, and answers what changed', async () => {
    const definition = (singular: string, plural: string, attributes: Record<string, unknown>) => ({
      info: { singularName: singular, pluralName: plural, displayName: singular },
      attributes,
    });
    const team = definition('team', 'teams', {
      name: { type: 'string' },
      players: { type: 'relation', relation: 'oneToMany', target: 'player', mappedBy: 'team' },
    });
    const player = definition('player', 'players', {
      name: { type: 'string' },
      team: { type: 'relation', relation: 'manyToOne', target: 'team', inversedBy: 'players' },
    });
    // Alone, each names a target that does not exist yet.
    await as(admin).post('/admin/content-types', team).expect(400);
    const both = await as(admin)
      .put('/admin/content-types', { definitions: [team, player] })
      .expect(200);
    expect(both.body.data.map((type: { apiID: string }) => type.apiID)).toEqual(['team', 'player']);
    expect(await tableColumns(cms, 'players')).toContain('team_document_id');
    const again = await as(admin)
      .put('/admin/content-types', { definitions: [team, player] })
      .expect(200);
    expect(again.body).toEqual({ data: [], meta: { total: 0 } });
    const bad = await as(admin).put('/admin/content-types', { definitions: [] }).expect(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['definitions']);
    await as(admin).put('/admin/content-types', [team]).expect(400);
  });

  it('keeps the content-type admin API from editors', async () => {
    const editor = await createUser(cms, ['editor']);
    await as(editor).post('/admin/content-types', article()).expect(403);
    await cms.http().get('/admin/content-types').expect(401);
  });
});

describe('content types from SCHEMA_DIR at start', () => {
  it('applies flat <name>.json files, and a Strapi src/api tree', async () => {
    const flat = mkdtempSync(join(tmpdir(), 'cms-schema-'));
    writeFileSync(join(flat, 'author.json'), JSON.stringify(author));
    writeFileSync(join(flat, 'article.json'), JSON.stringify(article()));
    const cms = await startTestApp({ env: { SCHEMA_DIR: flat } });
    try {
      const admin = await loginAsAdmin(cms);
      const listed = await cms
        .http()
        .get('/admin/content-types')
        .auth(admin.accessToken, { type: 'bearer' })
        .expect(200);
      expect(listed.body.data.map((type: { apiID: string }) => type.apiID)).toEqual(['article', 'author']);
    } finally {
      await cms.close();
    }
    const strapi = mkdtempSync(join(tmpdir(), 'cms-strapi-'));
    const typeFolder = join(strapi, 'src', 'api', 'author', 'content-types', 'author');
    mkdirSync(typeFolder, { recursive: true });
    writeFileSync(join(typeFolder, 'schema.json'), JSON.stringify(author));
    const fromStrapi = await startTestApp({ env: { SCHEMA_DIR: strapi } });
    try {
      const admin = await loginAsAdmin(fromStrapi);
      await fromStrapi
        .http()
        .get('/admin/content-types/author')
        .auth(admin.accessToken, { type: 'bearer' })
        .expect(200);
    } finally {
      await fromStrapi.close();
    }
  });

  it('refuses to start on an invalid definition file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cms-schema-'));
    writeFileSync(join(folder, 'broken.json'), JSON.stringify({ info: { singularName: 'x' }, attributes: {} }));
    await expect(startTestApp({ env: { SCHEMA_DIR: folder } })).rejects.toMatchObject({ errorName: 'ValidationError' });
  });
});
