import { startTestApp, type TestApp } from './support/test-app';

describe('health', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp();
  });

  afterAll(() => cms.close());

  it('is live', async () => {
    await cms.http().get('/health/live').expect(200, { status: 'ok' });
  });

  it('is ready while the database answers', async () => {
    const response = await cms.http().get('/health/ready').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
  });
});
