import { createUser, loginAsAdmin, type Session } from './support/auth';
import { asBuffer, filesUnder, image, imageInfo, tempDirOf, uploadDirOf } from './support/media';
import { countRows } from './support/query-database';
import { startTestApp, type TestApp } from './support/test-app';

const CONTRACT_KEYS = [
  'id',
  'documentId',
  'name',
  'alternativeText',
  'caption',
  'width',
  'height',
  'formats',
  'hash',
  'ext',
  'mime',
  'size',
  'url',
  'provider',
  'createdAt',
  'updatedAt',
];

/** The media library: Strapi's upload routes, variants, delivery and media attributes. */
describe('media: uploads and the file routes', () => {
  let cms: TestApp;
  let admin: Session;

  beforeAll(async () => {
    cms = await startTestApp({ env: { UPLOAD_MAX_BYTES: String(2 * 1024 * 1024), UPLOAD_MAX_FILES: '3' } });
    admin = await loginAsAdmin(cms);
  });

  afterAll(() => cms.close());

  const upload = (session: Session | null = admin) => {
    const request = cms.http().post('/api/upload');
    return session ? request.auth(session.accessToken, { type: 'bearer' }) : request;
  };
  const as = (session: Session | null, method: 'get' | 'post' | 'put' | 'delete', path: string) => {
    const request = cms.http()[method](path);
    return session ? request.auth(session.accessToken, { type: 'bearer' }) : request;
  };
  const fileRows = async () => (await countRows(cms.database.url, ['cms_files'])).cms_files;

  it('uploads an image: Strapi’s file object, variants smaller than it, each also in WebP', async () => {
    const { body } = await upload()
      .attach('files', await image(1200, 800), { filename: 'Red Bike.JPG', contentType: 'image/jpeg' })
      .field('fileInfo', JSON.stringify({ alternativeText: 'A red bike', caption: 'Spring' }))
      .expect(201);
    expect(body).toHaveLength(1);
    const [file] = body;
    expect(Object.keys(file)).toEqual(expect.arrayContaining(CONTRACT_KEYS));
    expect(file).toMatchObject({
      name: 'Red Bike.JPG',
      alternativeText: 'A red bike',
      caption: 'Spring',
      width: 1200,
      height: 800,
      ext: '.jpg',
      mime: 'image/jpeg',
      provider: 'local',
      url: `/uploads/${file.hash}.jpg`,
    });
    expect(file.hash).toMatch(/^red_bike_[0-9a-f]{10}$/);
    expect(Object.keys(file.formats).sort()).toEqual(['large', 'medium', 'small', 'thumbnail']);
    const expected = { thumbnail: [234, 156], small: [500, 333], medium: [750, 500], large: [1000, 667] };
    for (const [name, [width, height]] of Object.entries(expected)) {
      const format = file.formats[name];
      expect(format).toMatchObject({ width, height, mime: 'image/jpeg', ext: '.jpg' });
      const bytes = (await asBuffer(cms.http().get(format.url)).expect(200)).body as Buffer;
      expect(await imageInfo(bytes)).toEqual({ width, height, format: 'jpeg' });
      expect(bytes.length).toBe(format.sizeInBytes);
      const webp = (await asBuffer(cms.http().get(format.webp.url)).expect(200)).body as Buffer;
      expect(await imageInfo(webp)).toEqual({ width, height, format: 'webp' });
    }
    const original = await asBuffer(cms.http().get(file.url))
      .expect(200)
      .expect('Cache-Control', 'public, max-age=31536000, immutable');
    expect(await imageInfo(original.body as Buffer)).toEqual({ width: 1200, height: 800, format: 'jpeg' });
  });

  it('makes no variant larger than the original, and takes one fileInfo per file', async () => {
    const { body } = await upload()
      .attach('files', await image(200, 100, 'png'), 'small.png')
      .attach('files', await image(600, 300, 'webp'), 'wide.webp')
      .field('fileInfo', JSON.stringify({ name: 'first.png' }))
      .field('fileInfo', JSON.stringify({ name: 'second.webp', caption: 'two' }))
      .expect(201);
    expect(body.map((file: { name: string }) => file.name)).toEqual(['first.png', 'second.webp']);
    expect(body[0].formats).toBeNull();
    expect(Object.keys(body[1].formats).sort()).toEqual(['small', 'thumbnail']);
    // A WebP original's variants are WebP already: no twin.
    expect(body[1].formats.small).toMatchObject({ mime: 'image/webp', width: 500, height: 250 });
    expect(body[1].formats.small.webp).toBeUndefined();
  });

  it('lists files as a bare array with filters, sort and pagination, and reads one', async () => {
    const list = await as(admin, 'get', '/api/upload/files?sort=name:desc&filters[mime][$startsWith]=image/').expect(
      200,
    );
    expect(Array.isArray(list.body)).toBe(true);
    expect(list.body.map((file: { name: string }) => file.name)).toEqual(['second.webp', 'Red Bike.JPG', 'first.png']);
    const paged = await as(admin, 'get', '/api/upload/files?sort=id&pagination[pageSize]=1&pagination[page]=2').expect(
      200,
    );
    expect(paged.body.map((file: { name: string }) => file.name)).toEqual(['first.png']);
    const one = await as(admin, 'get', `/api/upload/files/${list.body[0].id}`).expect(200);
    expect(one.body).toEqual(list.body[0]);
    await as(admin, 'get', '/api/upload/files/999999').expect(404);
    await as(admin, 'get', '/api/upload/files/abc').expect(404);
    await as(admin, 'get', '/api/upload/files?filters[nope][$eq]=1').expect(400);
  });

  it('updates metadata with POST /api/upload?id=, never the bytes', async () => {
    const [file] = (await as(admin, 'get', '/api/upload/files?filters[name][$eq]=first.png').expect(200)).body;
    const { body } = await upload()
      .query({ id: file.id })
      .field('fileInfo', JSON.stringify({ name: 'renamed.png', alternativeText: 'alt', caption: null }))
      .expect(200);
    expect(body).toMatchObject({
      id: file.id,
      name: 'renamed.png',
      alternativeText: 'alt',
      caption: null,
      hash: file.hash,
    });
    const replace = await upload()
      .query({ id: file.id })
      .attach('files', await image(10, 10, 'png'), 'other.png')
      .field('fileInfo', JSON.stringify({ name: 'x.png' }))
      .expect(400);
    expect(replace.body.error.details.errors[0].path).toEqual(['files']);
    const unknown = await upload()
      .query({ id: file.id })
      .field('fileInfo', JSON.stringify({ hash: 'mine', url: 'http://evil' }))
      .expect(400);
    expect(unknown.body.error.details.errors.map((issue: { path: string[] }) => issue.path)).toEqual([
      ['fileInfo', 'hash'],
      ['fileInfo', 'url'],
    ]);
    await upload().query({ id: file.id }).field('fileInfo', '{not json').expect(400);
    await upload()
      .query({ id: 999999 })
      .field('fileInfo', JSON.stringify({ name: 'x' }))
      .expect(404);
  });

  it('judges the type by the bytes: a mismatch or an unaccepted type is 415, and nothing is kept', async () => {
    const before = { rows: await fileRows(), stored: filesUnder(uploadDirOf(cms)) };
    const refused = async (request: ReturnType<typeof upload>, status = 415) => {
      const { body } = await request.expect(status);
      expect(body.error.name).toBe(status === 415 ? 'UnsupportedMediaTypeError' : 'PayloadTooLargeError');
      return body;
    };
    await refused(
      upload().attach('files', Buffer.from('just some text\n'), { filename: 'photo.png', contentType: 'image/png' }),
    );
    await refused(
      upload().attach('files', await image(20, 20, 'png'), { filename: 'photo.jpg', contentType: 'image/jpeg' }),
    );
    await refused(
      upload().attach('files', await image(20, 20, 'png'), { filename: 'photo', contentType: 'image/jpeg' }),
    );
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';
    await refused(upload().attach('files', Buffer.from(svg), { filename: 'logo.svg', contentType: 'image/svg+xml' }));
    await refused(upload().attach('files', Buffer.from(svg), { filename: 'logo.txt', contentType: 'text/plain' }));
    const html = '<!doctype html><html><body><script>alert(1)</script></body></html>';
    await refused(upload().attach('files', Buffer.from(html), { filename: 'page.html', contentType: 'text/html' }));
    await refused(upload().attach('files', Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]), 'blob.bin'));
    // A 60-megapixel PNG (small on disk: one colour) is refused from its header.
    const bomb = await image(7746, 7746, 'png');
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const tooBig = await refused(upload().attach('files', bomb, 'bomb.png'), 413);
    expect(tooBig.error.message).toMatch(/50 megapixels/);
    // Over UPLOAD_MAX_BYTES (2 MiB here).
    await refused(upload().attach('files', Buffer.alloc(3 * 1024 * 1024, 'a'), 'big.txt'), 413);
    // A good file next to a bad one: neither is kept.
    await refused(
      upload()
        .attach('files', await image(300, 300), 'good.jpg')
        .attach('files', Buffer.from('text'), 'bad.png'),
    );
    expect(await fileRows()).toBe(before.rows);
    expect(filesUnder(uploadDirOf(cms))).toEqual(before.stored);
    expect(filesUnder(tempDirOf(cms))).toEqual([]);
  });

  it('refuses too many files, no files, and stray form fields with 400', async () => {
    const many = upload();
    for (let index = 0; index < 4; index += 1) many.attach('files', Buffer.from(`file ${index}`), `f${index}.txt`);
    const { body } = await many.expect(400);
    expect(body.error.message).toMatch(/At most 3 files/);
    await upload().field('fileInfo', '{}').expect(400);
    await upload().send({ files: 'nope' }).expect(400);
    await upload().attach('other', Buffer.from('x'), 'x.txt').expect(400);
    await upload().attach('files', Buffer.from('x'), 'x.txt').field('extra', '1').expect(400);
    expect(filesUnder(tempDirOf(cms))).toEqual([]);
  });

  it('stores under generated names: traversal, null bytes and control characters in names do nothing', async () => {
    const { body } = await upload()
      .attach('files', await image(50, 50, 'png'), {
        filename: '../../../etc/passwd.png',
        contentType: 'image/png',
      })
      .expect(201);
    expect(body[0].name).toBe('passwd.png');
    expect(body[0].hash).toMatch(/^passwd_[0-9a-f]{10}$/);
    expect(filesUnder(uploadDirOf(cms))).toContain(`${body[0].hash}.png`);
    // Names in fileInfo (JSON) may carry anything: control characters and null bytes go.
    const named = await upload()
      .attach('files', await image(50, 50, 'png'), 'plain.png')
      .field('fileInfo', JSON.stringify({ name: '..\\..\\boot\u0000\u0007\u001b.ini.png' }))
      .expect(201);
    expect(named.body[0].name).toBe('boot.ini.png');
    expect(named.body[0].hash).toMatch(/^boot_ini_[0-9a-f]{10}$/);
    // In a multipart header they are malformed to busboy: refused before anything is written.
    const withNull = await upload()
      .attach('files', await image(50, 50, 'png'), { filename: 'a\u0000.png', contentType: 'image/png' })
      .expect(400);
    expect(withNull.body.error.message).toMatch(/malformed/);
    await cms.http().get('/uploads/..%2F..%2Fetc%2Fpasswd').expect(404);
    await cms
      .http()
      .get('/uploads/nothing-here.png')
      .expect(404)
      .expect((response) => {
        expect(response.headers['cache-control'] ?? '').not.toMatch(/immutable/);
      });
  });

  it('deletes a file with all its variants, answering the deleted file', async () => {
    const [file] = (
      await upload()
        .attach('files', await image(800, 600), 'doomed.jpg')
        .expect(201)
    ).body;
    await asBuffer(cms.http().get(`/api/assets/${file.id}?width=128`)).expect(200);
    const stored = filesUnder(uploadDirOf(cms)).filter((name) => name.includes(file.hash));
    expect(stored.length).toBe(7 + 1); // the original, three variants and their WebP twins, a transform
    const { body } = await as(admin, 'delete', `/api/upload/files/${file.id}`).expect(200);
    expect(body).toMatchObject({ id: file.id, hash: file.hash });
    expect(filesUnder(uploadDirOf(cms)).filter((name) => name.includes(file.hash))).toEqual([]);
    await as(admin, 'get', `/api/upload/files/${file.id}`).expect(404);
    await as(admin, 'delete', `/api/upload/files/${file.id}`).expect(404);
  });

  it('lets authors manage only their own files, and keeps the public out until granted', async () => {
    const author = await createUser(cms, ['author']);
    const other = await createUser(cms, ['author']);
    await upload(null).attach('files', Buffer.from('x'), 'x.txt').expect(403);
    await as(null, 'get', '/api/upload/files').expect(403);
    const [mine] = (await upload(author).attach('files', Buffer.from('mine'), 'mine.txt').expect(201)).body;
    expect(mine.mime).toBe('text/plain');
    const listed = await as(author, 'get', '/api/upload/files').expect(200);
    expect(listed.body.map((file: { id: number }) => file.id)).toEqual([mine.id]);
    await as(other, 'get', `/api/upload/files/${mine.id}`).expect(404);
    await as(other, 'delete', `/api/upload/files/${mine.id}`).expect(404);
    await upload(other)
      .query({ id: mine.id })
      .field('fileInfo', JSON.stringify({ name: 'stolen' }))
      .expect(404);
    await upload(author)
      .query({ id: mine.id })
      .field('fileInfo', JSON.stringify({ name: 'still mine.txt' }))
      .expect(200);
    const editor = await createUser(cms, ['editor']);
    await as(editor, 'delete', `/api/upload/files/${mine.id}`).expect(200);
  });

  it('keeps files in folders: create, rename, list, move files, delete when empty', async () => {
    const json = (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object) => {
      const request = as(admin, method, path);
      return body ? request.send(body) : request;
    };
    const photos = (await json('post', '/api/upload/folders', { name: 'Photos' }).expect(201)).body.data;
    expect(photos).toMatchObject({ name: 'Photos', path: `/${photos.pathId}` });
    const trips = (await json('post', '/api/upload/folders', { name: 'Trips', parent: photos.id }).expect(201)).body
      .data;
    expect(trips.path).toBe(`${photos.path}/${trips.pathId}`);
    const renamed = await json('put', `/api/upload/folders/${trips.id}`, { name: 'Travels' }).expect(200);
    expect(renamed.body.data).toMatchObject({ id: trips.id, name: 'Travels', path: trips.path });
    const listed = await json('get', '/api/upload/folders?sort=name&populate=parent').expect(200);
    expect(
      listed.body.data.map((folder: { name: string; parent: { name: string } | null }) => [
        folder.name,
        folder.parent?.name ?? null,
      ]),
    ).toEqual([
      ['Photos', null],
      ['Travels', 'Photos'],
    ]);

    const [placed] = (
      await upload()
        .attach('files', await image(40, 40, 'png'), 'beach.png')
        .field('fileInfo', JSON.stringify({ folder: trips.id }))
        .expect(201)
    ).body;
    expect(placed.folderPath).toBe(trips.path);
    const [loose] = (
      await upload()
        .attach('files', await image(40, 40, 'png'), 'loose.png')
        .expect(201)
    ).body;
    const moved = await json('post', '/api/upload/actions/bulk-move', {
      fileIds: [loose.id],
      destinationFolderId: trips.id,
    }).expect(200);
    expect(moved.body.data[0]).toMatchObject({ id: loose.id, folderPath: trips.path });
    const inTrips = await json('get', `/api/upload/files?filters[folder][id][$eq]=${trips.id}&sort=name`).expect(200);
    expect(inTrips.body.map((file: { name: string }) => file.name)).toEqual(['beach.png', 'loose.png']);

    const notEmpty = await json('delete', `/api/upload/folders/${photos.id}`).expect(409);
    expect(notEmpty.body.error.details).toEqual({ files: 0, folders: 1 });
    await json('delete', `/api/upload/folders/${trips.id}`).expect(409);
    await json('post', '/api/upload/actions/bulk-move', {
      fileIds: [placed.id, loose.id],
      destinationFolderId: null,
    }).expect(200);
    expect((await json('get', `/api/upload/files/${placed.id}`).expect(200)).body.folderPath).toBe('/');
    await json('delete', `/api/upload/folders/${trips.id}`).expect(200);
    await json('delete', `/api/upload/folders/${photos.id}`).expect(200);
    await json('get', `/api/upload/folders/${photos.id}`).expect(404);

    await json('post', '/api/upload/folders', { name: '' }).expect(400);
    await json('post', '/api/upload/folders', { name: 'x', path: '/1' }).expect(400);
    await json('post', '/api/upload/folders', { name: 'x', parent: 999999 }).expect(404);
    await json('post', '/api/upload/actions/bulk-move', { fileIds: [], destinationFolderId: null }).expect(400);
    await json('post', '/api/upload/actions/bulk-move', { fileIds: [999999], destinationFolderId: null }).expect(404);
    await upload()
      .attach('files', Buffer.from('x'), 'x.txt')
      .field('fileInfo', JSON.stringify({ folder: 999999 }))
      .expect(400);
    await as(null, 'post', '/api/upload/folders').send({ name: 'public' }).expect(403);
  });
});
