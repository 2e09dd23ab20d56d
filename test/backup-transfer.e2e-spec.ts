import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileKeys, type StoredFile } from '@cms/media';
import { BackupReader, BackupRestorer, BackupWriter, TransferModule } from '@cms/transfer';
import { loginAsAdmin, PASSWORD, createUser, type Session } from './support/auth';
import { asBuffer, filesUnder, image } from './support/media';
import { createTestDatabase, testDialect, type TestDatabase } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';

const SCHEMA = join(__dirname, '..', 'schema');
const KEY = 'a'.repeat(64);
const env = { BACKUP_KEY: KEY };

/**
 * A backup made on one database restores on the other (issue 14, items 4 and 5): the demo schema
 * filled with every attribute type, components, a dynamic zone, two locales, drafts, media, users,
 * roles and an API token; the same requests answer the same on both, file bytes included, and the
 * passwords and the API token keep working.
 */
describe(`a backup from ${testDialect()} restored on ${testDialect() === 'mysql' ? 'sqlite' : 'mysql'}`, () => {
  let source: TestApp;
  let target: TestApp | undefined;
  let targetDatabase: TestDatabase;
  let admin: Session;
  let editor: Session & { email: string };
  let apiKey: string;
  const archive = join(mkdtempSync(join(tmpdir(), 'cms-backup-test-')), 'backup.tar.gz.enc');
  const answers = new Map<string, unknown>();
  /** The target keeps its data folder (its uploads) across the restart after the restore. */
  const targetEnv = { ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'cms-restore-data-')) };
  let fileUrls: string[] = [];
  let storedKeys: string[] = [];

  const get = (cms: TestApp, path: string, token: string) => cms.http().get(path).auth(token, { type: 'bearer' });
  const REQUESTS = [
    '/api/articles?populate=*&sort=id',
    '/api/articles?status=draft&sort=id&fields[0]=title&fields[1]=views',
    '/api/articles?filters[seo][metaTitle][$containsi]=every&populate[seo]=true&populate[tags]=true',
    '/api/pages?populate[seo]=true&populate[sections][populate]=*&sort=id',
    '/api/pages?locale=fr&populate[sections][on][blocks.hero][populate]=*',
    '/api/authors?populate=*',
    '/api/upload/files?sort=id',
  ];

  beforeAll(async () => {
    source = await startTestApp({ env: { ...env, SCHEMA_DIR: SCHEMA }, extensions: [TransferModule] });
    admin = await loginAsAdmin(source);
    const call = (method: 'post' | 'put', path: string, data: object) =>
      source.http()[method](path).auth(admin.accessToken, { type: 'bearer' }).send({ data });
    await source
      .http()
      .post('/admin/locales')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ code: 'fr', name: 'French' })
      .expect(201);
    const [photo] = (
      await source
        .http()
        .post('/api/upload')
        .auth(admin.accessToken, { type: 'bearer' })
        .attach('files', await image(640, 480), 'photo.jpg')
        .attach('files', Buffer.from('plain notes'), 'notes.txt')
        .expect(201)
    ).body;
    const author = (
      await call('post', '/api/authors', { name: 'Ann', email: 'ann@example.com', avatar: photo.id }).expect(201)
    ).body.data.documentId;
    const category = (await call('post', '/api/categories', { name: 'News' }).expect(201)).body.data.documentId;
    const tags = [];
    for (const name of ['one', 'two'])
      tags.push((await call('post', '/api/tags', { name }).expect(201)).body.data.documentId);
    await call('post', '/api/articles', {
      title: 'Every attribute',
      summary: 'A summary',
      body: '# Markdown',
      content: [{ type: 'paragraph', children: [{ type: 'text', text: 'Blocks' }] }],
      views: 42,
      rating: 4.5,
      featured: true,
      format: 'video',
      publishedDate: '2026-01-02T03:04:05.678Z',
      extra: { nested: [1, 'two', null] },
      cover: photo.id,
      author,
      category,
      tags,
      seo: { metaTitle: 'Every attribute', metaDescription: 'All of them', shareImage: photo.id },
    }).expect(201);
    await call('post', '/api/articles?status=draft', { title: 'Only a draft', views: 1, author }).expect(201);
    const page = (
      await call('post', '/api/pages', {
        title: 'Home',
        seo: { metaTitle: 'Home' },
        sections: [
          { __component: 'blocks.hero', title: 'Hi', image: photo.id, links: [{ label: 'Docs', url: '/docs' }] },
          { __component: 'blocks.quote', text: 'Quoted', author },
        ],
      }).expect(201)
    ).body.data.documentId;
    await call('put', `/api/pages/${page}?locale=fr`, {
      title: 'Accueil',
      sections: [{ __component: 'blocks.hero', title: 'Salut', links: [{ label: 'Documentation', url: '/fr/docs' }] }],
    }).expect(200);
    await source
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        code: 'readers',
        name: 'Readers',
        permissions: [{ action: 'find', subject: 'article', fields: ['title'] }],
      })
      .expect(201);
    editor = await createUser(source, ['readers']);
    apiKey = (
      await source
        .http()
        .post('/admin/api-tokens')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ name: 'frontend', type: 'read-only' })
        .expect(201)
    ).body.data.accessKey;
    for (const path of REQUESTS) answers.set(path, (await get(source, path, apiKey).expect(200)).body);
    answers.set('editor', (await get(source, '/api/articles', editor.accessToken).expect(200)).body);
    const files = (await get(source, '/api/upload/files', admin.accessToken).expect(200)).body as StoredFile[];
    storedKeys = files.flatMap((file) => fileKeys(file));
    fileUrls = storedKeys.map((key) => `/uploads/${key}`);
    targetDatabase = await createTestDatabase(testDialect() === 'mysql' ? 'sqlite' : 'mysql');
  });

  afterAll(async () => {
    await source.close();
    await target?.close();
    await targetDatabase.drop();
  });

  it('writes an encrypted archive that verifies, and names what is wrong with a damaged one', async () => {
    const manifest = await source.app.get(BackupWriter).create(archive, { encrypt: true });
    expect(manifest.tables.find((table) => table.name === 'articles')?.rows).toBe(3);
    expect(manifest.files).toBe(storedKeys.length);
    expect((await source.app.get(BackupReader).verify(archive)).manifest).toEqual(manifest);
  });

  it('restores on the other database, where the same requests answer the same, and credentials keep working', async () => {
    target = await startTestApp({ database: targetDatabase, env: targetEnv, extensions: [TransferModule] });
    // The new instance made its first admin: the database is not empty any more.
    await expect(target.app.get(BackupRestorer).restore(archive)).rejects.toMatchObject({
      code: 'BACKUP_TARGET_NOT_EMPTY',
    });
    await target.app.get(BackupRestorer).restore(archive, { force: true });
    await target.close();
    // As after any restore: the instances start again on the restored database.
    target = await startTestApp({ database: targetDatabase, env: targetEnv, extensions: [TransferModule] });
    for (const path of REQUESTS)
      expect([path, (await get(target, path, apiKey).expect(200)).body]).toEqual([path, answers.get(path)]);
    const signedIn = await target
      .http()
      .post('/api/auth/login')
      .send({ email: editor.email, password: PASSWORD })
      .expect(200);
    expect((await get(target, '/api/articles', signedIn.body.accessToken).expect(200)).body).toEqual(
      answers.get('editor'),
    );
    expect(filesUnder(join(targetEnv.DATA_DIR, 'uploads'))).toEqual([...storedKeys].sort());
    for (const url of fileUrls) {
      const [before, after] = [
        await asBuffer(source.http().get(url)).expect(200),
        await asBuffer(target.http().get(url)).expect(200),
      ];
      expect(Buffer.compare(before.body as Buffer, after.body as Buffer)).toBe(0);
    }
  });

  it('refuses a truncated or tampered archive, naming where, and an archive of a newer format', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(archive);
    const folder = mkdtempSync(join(tmpdir(), 'cms-backup-bad-'));
    const truncated = join(folder, 'truncated.tar.gz.enc');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(source.app.get(BackupReader).verify(truncated)).rejects.toMatchObject({
      code: 'BACKUP_DAMAGED',
      message: expect.stringMatching(/^The archive is damaged at [a-z]/),
    });
    const tampered = join(folder, 'tampered.tar.gz.enc');
    const copy = Buffer.from(bytes);
    copy[copy.length - 100] ^= 0xff;
    writeFileSync(tampered, copy);
    await expect(source.app.get(BackupReader).verify(tampered)).rejects.toMatchObject({
      code: 'BACKUP_DAMAGED',
      message: expect.stringMatching(/^The archive is damaged at [a-z]/),
    });
    // Unencrypted, a member whose bytes changed is named by its checksum.
    const plain = join(folder, 'plain.tar.gz');
    await source.app.get(BackupWriter).create(plain);
    const members: { name: string; body: Buffer }[] = [];
    for await (const { name, body } of source.app.get(BackupReader).members(plain)) {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      members.push({ name, body: Buffer.concat(chunks) });
    }
    const rewrite = async (file: string, change: (member: { name: string; body: Buffer }) => Buffer) => {
      const tar = pack();
      const written = pipeline(tar as unknown as Readable, createGzip(), createWriteStream(file));
      for (const member of members) tar.entry({ name: member.name }, change(member));
      tar.finalize();
      await written;
    };
    const edited = join(folder, 'edited.tar.gz');
    await rewrite(edited, ({ name, body }) =>
      name === 'tables/articles.ndjson' ? Buffer.from(body.toString().replace('Every', 'Evert')) : body,
    );
    await expect(source.app.get(BackupReader).verify(edited)).rejects.toMatchObject({
      message: 'The archive is damaged: tables/articles.ndjson does not match its checksum',
    });
    const newer = join(folder, 'newer.tar.gz');
    await rewrite(newer, ({ name, body }) =>
      name === 'schema.json' ? Buffer.from(JSON.stringify({ ...JSON.parse(body.toString()), formatVersion: 7 })) : body,
    );
    await expect(source.app.get(BackupReader).verify(newer)).rejects.toMatchObject({
      code: 'BACKUP_TOO_NEW',
      message: 'The archive is format version 7; this CMS reads versions up to 1',
    });
  });
});
