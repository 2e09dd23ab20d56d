import { loginAsAdmin, type Session } from './support/auth';
import { putContentTypes } from './support/content-types';
import { startTestApp, type TestApp } from './support/test-app';

/** Where SQL or our own taste left a choice, the Content API answers as Strapi v5 does (CONTRACT §3). */
describe('Strapi v5 semantics a frontend notices', () => {
  let cms: TestApp;
  let admin: Session;
  const ids: Record<string, string> = {};

  const get = (path: string) => cms.http().get(path).auth(admin.accessToken, { type: 'bearer' });
  const post = (path: string, data: object) =>
    cms.http().post(path).auth(admin.accessToken, { type: 'bearer' }).send({ data });
  const titles = (body: { data: { title: string }[] }) => body.data.map((event) => event.title).sort();

  beforeAll(async () => {
    cms = await startTestApp();
    admin = await loginAsAdmin(cms);
    await putContentTypes(cms, admin, [
      {
        info: { singularName: 'event', pluralName: 'events', displayName: 'Event' },
        pluginOptions: { 'content-manager': { visible: true }, 'some-plugin': { anything: 1 } },
        attributes: {
          title: { type: 'string', minLength: 2, visible: true, writable: true },
          day: { type: 'date' },
          starts: { type: 'time' },
          color: { type: 'string', customField: 'plugin::color-picker.color' },
          kind: { type: 'enumeration', enum: ['talk', 'workshop'], enumName: 'EventKind' },
          meta: { type: 'json' },
          speakers: { type: 'relation', relation: 'manyToMany', target: 'speaker' },
        },
      },
      {
        info: { singularName: 'speaker', pluralName: 'speakers', displayName: 'Speaker' },
        attributes: { name: { type: 'string' } },
      },
      {
        info: { singularName: 'homepage', pluralName: 'homepages', displayName: 'Homepage' },
        kind: 'singleType',
        attributes: { headline: { type: 'string' } },
      },
    ]);
    ids.talk = (
      await post('/api/events', {
        title: 'Talk',
        day: '2024-01-15',
        starts: '10:30',
        kind: 'talk',
        meta: { room: 1 },
      }).expect(201)
    ).body.data.documentId;
    await post('/api/events', { title: 'Workshop', day: '2024-01-16', kind: 'workshop' }).expect(201);
    await post('/api/events', { title: 'Unscheduled' }).expect(201);
  });

  afterAll(() => cms.close());

  it('loads definitions with Strapi’s admin-panel options and an attribute named meta', async () => {
    const { body } = await get(`/api/events/${ids.talk}`).expect(200);
    expect(body.data).toMatchObject({ title: 'Talk', meta: { room: 1 }, kind: 'talk' });
  });

  it('compares a date attribute by its day', async () => {
    expect(titles((await get('/api/events?filters[day][$eq]=2024-01-15').expect(200)).body)).toEqual(['Talk']);
    expect(titles((await get('/api/events?filters[day][$gt]=2024-01-15').expect(200)).body)).toEqual(['Workshop']);
    expect(titles((await get('/api/events?filters[day][$in]=2024-01-16').expect(200)).body)).toEqual(['Workshop']);
    await get('/api/events?filters[day][$eq]=not-a-day').expect(400);
  });

  it('matches no NULL with a negative operator', async () => {
    expect(titles((await get('/api/events?filters[kind][$ne]=talk').expect(200)).body)).toEqual(['Workshop']);
    expect(titles((await get('/api/events?filters[kind][$notIn][0]=talk').expect(200)).body)).toEqual(['Workshop']);
    expect(titles((await get('/api/events?filters[day][$null]=true').expect(200)).body)).toEqual(['Unscheduled']);
  });

  it('takes $in with a single value, fields=* and _q', async () => {
    expect(titles((await get('/api/events?filters[title][$in]=Talk').expect(200)).body)).toEqual(['Talk']);
    const all = await get(`/api/events/${ids.talk}?fields=*`).expect(200);
    expect(all.body.data).toMatchObject({ title: 'Talk', day: '2024-01-15', color: null });
    expect(titles((await get('/api/events?_q=works').expect(200)).body)).toEqual(['Workshop']);
  });

  it('answers a time as HH:mm:ss.SSS', async () => {
    expect((await get(`/api/events/${ids.talk}`).expect(200)).body.data.starts).toBe('10:30:00.000');
  });

  it('ignores unknown top-level parameters and clamps pagination', async () => {
    const { body } = await get('/api/events?foo=bar&t=123&pagination[pageSize]=200&pagination[page]=0').expect(200);
    expect(body.meta.pagination).toMatchObject({ page: 1, pageSize: 100, total: 3 });
    expect(
      (await get('/api/events?pagination[start]=-1&pagination[limit]=0').expect(200)).body.meta.pagination,
    ).toMatchObject({
      start: 0,
      limit: 1,
    });
  });

  it('names the first problem in the message, with every problem in details', async () => {
    const query = await get('/api/events?filters[nope][$eq]=1&sort=alsoNope').expect(400);
    expect(query.body.error.message).toBe('Invalid key nope');
    expect(query.body.error.details.errors).toHaveLength(2);
    const data = await post('/api/events', { title: 'x', day: 'soon' }).expect(400);
    expect(data.body.error.message).toBe('title must be at least 2 characters');
    expect(data.body.error.details.errors.map((issue: { path: string[] }) => issue.path)).toEqual([
      ['data', 'title'],
      ['data', 'day'],
    ]);
  });

  it('keeps to-many relations in the order they were connected, honouring positions', async () => {
    const speaker = async (name: string) =>
      (await post('/api/speakers', { name }).expect(201)).body.data.documentId as string;
    const [ann, bob, cat, dan] = [
      await speaker('Ann'),
      await speaker('Bob'),
      await speaker('Cat'),
      await speaker('Dan'),
    ];
    const event = (await post('/api/events', { title: 'Panel', speakers: [cat, ann] }).expect(201)).body.data;
    const put = (connect: object) =>
      cms
        .http()
        .put(`/api/events/${event.documentId}`)
        .auth(admin.accessToken, { type: 'bearer' })
        .send({ data: { speakers: { connect } } });
    const order = async () =>
      (
        await get(`/api/events/${event.documentId}?populate[speakers][fields][0]=name`).expect(200)
      ).body.data.speakers.map((entry: { name: string }) => entry.name);
    expect(await order()).toEqual(['Cat', 'Ann']);
    await put([bob]).expect(200);
    expect(await order()).toEqual(['Cat', 'Ann', 'Bob']);
    await put([{ documentId: dan, position: { before: ann } }]).expect(200);
    expect(await order()).toEqual(['Cat', 'Dan', 'Ann', 'Bob']);
    await put([
      { documentId: bob, position: { start: true } },
      { documentId: cat, position: { end: true } },
    ]).expect(200);
    expect(await order()).toEqual(['Bob', 'Dan', 'Ann', 'Cat']);
    // Connected again without a position, a document keeps its place.
    await put([ann]).expect(200);
    expect(await order()).toEqual(['Bob', 'Dan', 'Ann', 'Cat']);
    const bad = await put([{ documentId: ann, position: { after: 'notconnected' } }]).expect(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['data', 'speakers', 'connect', 0, 'position']);
    await put([{ documentId: ann, position: { sideways: true } }]).expect(400);
    expect(await order()).toEqual(['Bob', 'Dan', 'Ann', 'Cat']);
    // Strapi's count of a to-many relation, with the populate's own filters.
    const counted = await get(`/api/events?filters[title][$eq]=Panel&populate[speakers][count]=true`).expect(200);
    expect(counted.body.data[0].speakers).toEqual({ count: 4 });
    const filtered = await get(
      `/api/events?filters[title][$in][0]=Panel&filters[title][$in][1]=Talk&populate[speakers][count]=true&populate[speakers][filters][name][$startsWith]=A&sort=title`,
    ).expect(200);
    expect(filtered.body.data.map((entry: { speakers: unknown }) => entry.speakers)).toEqual([
      { count: 1 },
      { count: 0 },
    ]);
  });

  it('answers POST on a single type with 405', async () => {
    const { body } = await post('/api/homepage', { headline: 'Hi' }).expect(405);
    expect(body.error.name).toBe('MethodNotAllowedError');
    await cms
      .http()
      .put('/api/homepage')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ data: { headline: 'Hi' } })
      .expect(200);
  });
});
