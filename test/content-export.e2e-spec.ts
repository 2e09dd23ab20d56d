import { parse as parseCsv } from 'csv-parse/sync';
import { SchemaRegistry } from '@cms/schema';
import { createUser, loginAsAdmin, type Session } from './support/auth';
import { startTestApp, type TestApp } from './support/test-app';

const TYPES = [
  {
    info: { singularName: 'writer', pluralName: 'writers', displayName: 'Writer' },
    attributes: { name: { type: 'string' } },
  },
  {
    info: { singularName: 'entry', pluralName: 'entries', displayName: 'Entry' },
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string' },
      rank: { type: 'integer' },
      secret: { type: 'string', private: true },
      writer: { type: 'relation', relation: 'manyToOne', target: 'writer' },
    },
  },
];

/** `GET /api/:pluralName/export` streams every document the caller may read (issue 14, item 2). */
describe('streaming export', () => {
  let cms: TestApp;
  let admin: Session;
  let writer: string;
  const COUNT = 1234;

  const get = (path: string, session: Session = admin) =>
    cms
      .http()
      .get(path)
      .auth(session.accessToken, { type: 'bearer' })
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });

  beforeAll(async () => {
    cms = await startTestApp();
    await cms.app.get(SchemaRegistry).put(TYPES, 'upsert', { confirmed: false });
    admin = await loginAsAdmin(cms);
    writer = (
      await cms
        .http()
        .post('/api/writers')
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ data: { name: 'Ann' } })
    ).body.data.documentId;
    const { DocumentCommands, AccessPlanner } = await import('@cms/content');
    const entry = cms.app.get(SchemaRegistry).get('entry')!;
    await cms.app.get(DocumentCommands).createMany({
      actor: { kind: 'public' } as never,
      plan: cms.app.get(AccessPlanner).trusted(entry),
      publish: true,
      documents: Array.from({ length: COUNT }, (_, index) => ({
        data: { title: `Entry ${index + 1}`, rank: index + 1, secret: 'hidden', writer: index % 2 ? writer : null },
      })),
    });
  });

  afterAll(() => cms.close());

  it('streams every document as NDJSON across batches, with the list’s filters and populate', async () => {
    const all = await get('/api/entries/export').expect(200);
    expect(all.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(all.headers['content-disposition']).toBe('attachment; filename="entries.ndjson"');
    const lines = (all.body as string)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(COUNT);
    expect(new Set(lines.map((line) => line.documentId)).size).toBe(COUNT);
    expect(lines[0]).not.toHaveProperty('secret');
    const filtered = await get('/api/entries/export?filters[rank][$gt]=1200&populate=writer&sort=rank:desc').expect(
      200,
    );
    const ranks = (filtered.body as string)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(ranks.map((line) => line.rank)).toEqual(Array.from({ length: 34 }, (_, index) => 1234 - index));
    // Even ranks have the writer.
    expect(ranks[0].writer).toMatchObject({ documentId: writer, name: 'Ann' });
    expect(ranks[1].writer).toBeNull();
  });

  it('streams CSV with one header row, and JSON as one answer', async () => {
    const csv = await get('/api/entries/export?format=csv&populate=writer').expect(200);
    const rows = parseCsv(csv.body as string) as string[][];
    expect(rows[0]).toEqual(['id', 'documentId', 'title', 'rank', 'createdAt', 'updatedAt', 'publishedAt', 'writer']);
    expect(rows).toHaveLength(COUNT + 1);
    expect(rows.filter((row) => row[7] === writer)).toHaveLength(COUNT / 2);
    const json = await get('/api/entries/export?format=json&fields[0]=title').expect(200);
    const answer = JSON.parse(json.body as string);
    expect([answer.data.length, answer.meta.total, Object.keys(answer.data[0])]).toEqual([
      COUNT,
      COUNT,
      ['id', 'documentId', 'title', 'createdAt', 'updatedAt', 'publishedAt'],
    ]);
  });

  it('exports only what the caller may read, and refuses what it may not ask', async () => {
    await cms
      .http()
      .post('/admin/roles')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({
        code: 'top',
        name: 'top',
        permissions: [{ action: 'find', subject: 'entry', fields: ['title'], conditions: { rank: { $lte: 3 } } }],
      })
      .expect(201);
    const reader = await createUser(cms, ['top']);
    const mine = await get('/api/entries/export', reader).expect(200);
    const lines = (mine.body as string)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.title, line.rank])).toEqual([
      ['Entry 1', undefined],
      ['Entry 2', undefined],
      ['Entry 3', undefined],
    ]);
    await get('/api/entries/export?filters[rank][$eq]=1', reader).expect(400);
    await get('/api/entries/export?format=xml').expect(406);
    await get('/api/nothing/export').expect(404);
    const stranger = await createUser(cms, []);
    await get('/api/entries/export', stranger).expect(403);
  });
});
