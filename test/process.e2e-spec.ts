import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '@cms/migrations';
import { demoArticle } from '../apps/cli/src/demo/demo-data';
import { PROJECT_ROOT } from './support/build';
import { freshWorkingDirectory, runCli, startServer } from './support/cms-process';
import { countRows, queryDatabase } from './support/query-database';
import { writeStrapiExport } from './support/strapi-export';
import { createTestDatabase, testDialect, type TestDatabase } from './support/test-database';

const MIGRATION_NAMES = migrations.map((migration) => migration.name);

// Each CLI run starts a whole Nest context (about 1.5 s, more while other suites load the cores).
jest.setTimeout(120_000);

describe('the built server and CLI as processes', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(() => database.drop());

  it('starts with nothing set, on ./data/cms.sqlite, and stops cleanly on SIGTERM', async () => {
    const cwd = freshWorkingDirectory();
    // On MariaDB the same start, with only DATABASE_URL given.
    const env: Record<string, string> = testDialect() === 'mysql' ? { DATABASE_URL: database.url } : {};
    const server = await startServer(env, cwd);
    const ready = await fetch(`${server.base}/health/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
    if (testDialect() === 'sqlite') expect(existsSync(join(cwd, 'data', 'cms.sqlite'))).toBe(true);
    // No ADMIN_EMAIL/ADMIN_PASSWORD: the first super-admin gets a random password, printed once.
    const printed = await server.output();
    const password = /Password \(shown once\): (\S+)/.exec(printed)?.[1];
    expect(printed).toContain('First super-admin: admin@localhost');
    const signIn = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password }),
    });
    expect(signIn.status).toBe(200);
    const finished = await server.stop('SIGTERM');
    expect(finished.code === 0 || finished.signal === 'SIGTERM').toBe(true);
    expect(finished.stderr).toBe('');
    expect(finished.stdout.match(/Password \(shown once\)/g)).toHaveLength(1);
  });

  it('fails fast on a malformed DATABASE_URL with one line naming it', async () => {
    const result = await runCli(
      ['migrate'],
      { DATABASE_URL: 'postgres://cms:hunter2@db/cms' },
      freshWorkingDirectory(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^cms: DATABASE_URL: expected mysql:\/\/.*got scheme "postgres"/);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('refuses to start the API on a malformed DATABASE_URL, in one line', async () => {
    await expect(startServer({ DATABASE_URL: 'mysql://root@127.0.0.1' }, freshWorkingDirectory())).rejects.toThrow(
      /^the API did not become ready: DATABASE_URL: .*no database name after the host\n$/,
    );
  });

  it('`cms --help` lists the commands', async () => {
    const result = await runCli(['--help'], { DATABASE_URL: database.url }, freshWorkingDirectory());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: cms \[options\] \[command\]/);
    expect(result.stdout).toMatch(/migrate\s+apply pending system-table migrations/);
  });

  it('`cms` with an unknown command fails', async () => {
    const result = await runCli(['nonsense'], { DATABASE_URL: database.url }, freshWorkingDirectory());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown command 'nonsense'");
  });

  it('`cms migrate` applies the migrations once, then finds nothing to do', async () => {
    const cwd = freshWorkingDirectory();
    const first = await runCli(['migrate'], { DATABASE_URL: database.url }, cwd);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual(MIGRATION_NAMES.map((name) => `applied ${name}`));
    const second = await runCli(['migrate'], { DATABASE_URL: database.url }, cwd);
    expect(second.stdout.trim()).toBe('The database is up to date: no migration to apply.');
  });

  it('`cms admin:create` makes a super-admin once, and refuses bad input in one line', async () => {
    const cwd = freshWorkingDirectory();
    const args = ['admin:create', '--email', 'Chief@Example.com', '--password', 'a long enough password'];
    const created = await runCli(args, { DATABASE_URL: database.url }, cwd);
    expect([created.code, created.stdout.trim()]).toEqual([
      0,
      expect.stringMatching(/^created super-admin chief@example.com \(id \d+\)$/),
    ]);
    const again = await runCli(args, { DATABASE_URL: database.url }, cwd);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('cms: This email is already taken');
    const weak = await runCli(
      ['admin:create', '--email', 'b@example.com', '--password', 'short'],
      { DATABASE_URL: database.url },
      cwd,
    );
    expect(weak.stderr.trim()).toBe('cms: Invalid password; password must be 12 to 128 characters long');
    const missing = await runCli(['admin:create', '--email', 'c@example.com'], { DATABASE_URL: database.url }, cwd);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--password <password>' not specified");
  });

  it('`cms schema:apply` and `schema:export` round-trip definitions, refusing data loss unless allowed', async () => {
    const cwd = freshWorkingDirectory();
    const source = join(cwd, 'schema');
    mkdirSync(source);
    const tag = {
      info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
      attributes: { name: { type: 'string' }, rank: { type: 'integer' } },
    };
    writeFileSync(join(source, 'tag.json'), JSON.stringify(tag));
    const env = { DATABASE_URL: database.url };
    const applied = await runCli(['schema:apply', source], env, cwd);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toMatch(/^create tag\n {2}create table tags\n/);
    const again = await runCli(['schema:apply', source], env, cwd);
    expect(again.stdout.trim()).toBe('Nothing to change: 1 definition(s) already in force.');
    const exported = await runCli(['schema:export', join(cwd, 'out')], env, cwd);
    expect(exported.stdout.trim()).toBe(`wrote 1 definition(s) to ${join(cwd, 'out')}`);
    expect(JSON.parse(readFileSync(join(cwd, 'out', 'tag.json'), 'utf8'))).toEqual(tag);
    writeFileSync(join(source, 'tag.json'), JSON.stringify({ ...tag, attributes: { name: { type: 'string' } } }));
    const refused = await runCli(['schema:apply', source], env, cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('cms: This change would lose data: confirm it to apply; drop column tags.rank');
    const allowed = await runCli(['schema:apply', source, '--allow-destructive'], env, cwd);
    expect([allowed.code, allowed.stdout]).toEqual([0, 'update tag\n  drop column tags.rank\n']);
  });

  it('`cms seed:demo` fills the demo schema deterministically, once', async () => {
    const cwd = freshWorkingDirectory();
    const env = { DATABASE_URL: database.url };
    const withoutSchema = await runCli(['seed:demo', '--articles', '10'], env, cwd);
    expect(withoutSchema.code).toBe(1);
    expect(withoutSchema.stderr).toContain('run cms schema:apply ./schema first');
    expect((await runCli(['schema:apply', join(PROJECT_ROOT, 'schema')], env, cwd)).code).toBe(0);
    const seeded = await runCli(['seed:demo', '--articles', '60'], env, cwd);
    expect([seeded.code, seeded.stderr]).toEqual([0, '']);
    expect(seeded.stdout).toMatch(
      /^60 \/ 60 articles\nseeded 60 articles, 6 authors, 4 categories, 10 tags and 2 pages in [\d.]+ s\n$/,
    );
    const again = await runCli(['seed:demo', '--articles', '60'], env, cwd);
    expect(again.stderr.trim()).toBe('cms: The demo types already hold entries: seed an empty database');
    const counts = await countRows(database.url, [
      'articles',
      'authors',
      'categories',
      'tags',
      'pages',
      'components_shared_seos',
      'components_blocks_heroes',
    ]);
    // Drafts and published versions; pages in two locales, each version owning its entries.
    expect(counts).toEqual({
      articles: 120,
      authors: 6,
      categories: 4,
      tags: 10,
      pages: 8,
      components_shared_seos: 128,
      components_blocks_heroes: 4,
    });
    const [first] = await queryDatabase(database.url, 'SELECT title, views FROM articles ORDER BY id LIMIT 1');
    expect(first).toEqual({ title: demoArticle(1, 6).title, views: demoArticle(1, 6).views });

    // And out again: `cms content:export`, a type to a file, or every type to a folder.
    const file = join(cwd, 'articles.ndjson');
    const exported = await runCli(
      ['content:export', 'articles', '--out', file, '--query', 'filters[views][$gte]=0&populate[seo]=true'],
      env,
      cwd,
    );
    expect([exported.code, exported.stdout]).toEqual([0, `exported 60 articles to ${file}\n`]);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(60);
    expect(lines[0].seo.metaTitle).toBe(demoArticle(1, 6).title.slice(0, 70));
    const all = await runCli(['content:export', '--all', '--format', 'csv', '--out', join(cwd, 'all')], env, cwd);
    const published: Record<string, number> = { articles: 60, authors: 6, categories: 4, pages: 2, tags: 10 };
    expect(all.stdout.split('\n').filter(Boolean).sort()).toEqual(
      Object.keys(published)
        .map((plural) => `exported ${published[plural]} ${plural} to ${join(cwd, 'all', `${plural}.csv`)}`)
        .sort(),
    );
    // The export goes back in unchanged; a CSV with a bad row imports nothing and names the line.
    const back = await runCli(['content:import', file, '--type', 'articles', '--json'], env, cwd);
    expect([back.code, JSON.parse(back.stdout)]).toEqual([
      0,
      expect.objectContaining({ created: 0, updated: 0, unchanged: 60, invalid: 0, written: true }),
    ]);
    const csv = join(cwd, 'tags.csv');
    writeFileSync(csv, 'name\r\nfresh\r\n\r\n' + 'x'.repeat(61) + '\r\n');
    const bad = await runCli(['content:import', csv, '--type', 'tags'], env, cwd);
    expect([bad.code, bad.stdout]).toEqual([
      1,
      'created 1, updated 0, unchanged 0, invalid 1 (nothing written)\nline 4 name: must be at most 60 characters\n',
    ]);
    writeFileSync(csv, 'name\r\nfresh\r\n');
    const good = await runCli(['content:import', csv, '--type', 'tags'], env, cwd);
    expect([good.code, good.stdout]).toEqual([0, 'created 1, updated 0, unchanged 0, invalid 0\n']);
    expect(good.stderr).toMatch(/^import tags: 1 \/ 1 \(\d+\/s\)\n$/);
    // A backup of it all, verified, restored into another database, and refused there a second time.
    const archive = join(cwd, 'backup.tar.gz');
    const backup = await runCli(['backup:create', '--out', archive], env, cwd);
    expect([backup.code, backup.stdout]).toEqual([
      0,
      expect.stringMatching(/^wrote .*backup\.tar\.gz: \d+ tables, \d+ rows, 0 files\n$/),
    ]);
    const verified = await runCli(['backup:verify', archive, '--json'], env, cwd);
    expect(JSON.parse(verified.stdout).tables).toContainEqual({ name: 'articles', rows: 120 });
    const other = await createTestDatabase();
    try {
      const otherEnv = { DATABASE_URL: other.url };
      const restored = await runCli(['backup:restore', archive], otherEnv, cwd);
      expect([restored.code, restored.stderr]).toEqual([0, expect.stringMatching(/^(restore: .*\n)?$/)]);
      expect(await countRows(other.url, ['articles', 'pages', 'cms_locales'])).toEqual({
        articles: 120,
        pages: 8,
        cms_locales: 2,
      });
      const again = await runCli(['backup:restore', archive], otherEnv, cwd);
      expect([again.code, again.stderr.trim()]).toEqual([
        1,
        'cms: The database holds content, types or users: restore into an empty one, or force it',
      ]);
    } finally {
      await other.drop();
    }
    const refused = await runCli(['content:export', 'nothing'], env, cwd);
    expect([refused.code, refused.stderr.trim()]).toEqual([1, 'cms: No collection type nothing: name one, or --all']);
  });

  it('`cms import:strapi` carries a Strapi export and says what it could not', async () => {
    const cwd = freshWorkingDirectory();
    const target = await createTestDatabase();
    try {
      const archive = join(cwd, 'export.tar.gz');
      await writeStrapiExport(archive, {
        schemas: [
          {
            uid: 'api::note.note',
            modelType: 'contentType',
            kind: 'collectionType',
            info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
            options: { draftAndPublish: false },
            attributes: {
              text: { type: 'string' },
              owner: { type: 'relation', relation: 'manyToOne', target: 'plugin::other.thing' },
            },
          },
        ],
        entities: [
          {
            type: 'api::note.note',
            id: 1,
            data: { documentId: 'note00000000000000000001', text: 'Hello', publishedAt: '2026-01-01T00:00:00.000Z' },
          },
        ],
        links: [],
        assets: {},
      });
      const imported = await runCli(['import:strapi', archive], { DATABASE_URL: target.url }, cwd);
      expect([imported.code, imported.stdout]).toEqual([
        0,
        'imported from Strapi 5.31.0: 1 types, 0 components, 1 documents (no locale), 0 relations, 0 files\n' +
          'not carried: api::note.note.owner: a relation to plugin::other.thing, which is not carried\n',
      ]);
      expect(await countRows(target.url, ['notes'])).toEqual({ notes: 1 });
    } finally {
      await target.drop();
    }
  });

  it('several `cms migrate` at once apply each migration exactly once', async () => {
    const cwd = freshWorkingDirectory();
    const results = await Promise.all([1, 2, 3].map(() => runCli(['migrate'], { DATABASE_URL: database.url }, cwd)));
    expect(results.map((result) => [result.code, result.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    const applied = results.flatMap((result) => result.stdout.match(/^applied .*$/gm) ?? []);
    expect(applied.sort()).toEqual(MIGRATION_NAMES.map((name) => `applied ${name}`).sort());
  });
});
