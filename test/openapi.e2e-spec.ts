import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, type TestApp } from './support/test-app';

describe('OpenAPI documentation', () => {
  let cms: TestApp;

  beforeAll(async () => {
    cms = await startTestApp();
  });

  afterAll(() => cms.close());

  it('serves a valid OpenAPI 3 document at /docs/openapi.json', async () => {
    const response = await cms.http().get('/docs/openapi.json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(response.body))).resolves.toBeDefined();
  });

  it('documents the health routes and the error envelope', async () => {
    const { body } = await cms.http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    expect(body.paths['/health/ready'].get.responses).toHaveProperty('503');
    expect(body.components.schemas.Error.properties.error.properties.name.enum).toEqual(
      expect.arrayContaining(['ValidationError', 'NotFoundError', 'ServiceUnavailableError']),
    );
  });

  it('serves Swagger UI at /docs, with its assets allowed by the security policy', async () => {
    const page = await cms.http().get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('swagger-ui');
    // Helmet's policy allows only same-origin scripts: the page must not depend on an inline one.
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)[^<]+<\/script>/);
    const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      await cms.http().get(new URL(script, 'http://cms/docs').pathname).expect(200);
    }
  });
});
