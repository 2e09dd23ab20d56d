import SwaggerParser from '@apidevtools/swagger-parser';
import { loginAsAdmin } from './support/auth';
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

  it('documents identity and admin routes with their security, bodies and responses', async () => {
    const { body } = await cms.http().get('/docs/openapi.json').expect(200);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const routes = [
      ['post', '/api/auth/login'],
      ['post', '/api/auth/refresh'],
      ['post', '/api/auth/logout'],
      ['get', '/api/auth/me'],
      ['post', '/api/auth/change-password'],
      ['post', '/api/auth/forgot-password'],
      ['post', '/api/auth/reset-password'],
      ['post', '/api/auth/local'],
      ['get', '/api/users/me'],
      ['get', '/.well-known/jwks.json'],
      ['get', '/admin/users'],
      ['post', '/admin/users'],
      ['put', '/admin/users/{id}'],
      ['delete', '/admin/users/{id}'],
      ['get', '/admin/roles'],
      ['post', '/admin/roles'],
      ['put', '/admin/roles/{id}'],
      ['delete', '/admin/roles/{id}'],
      ['get', '/admin/api-tokens'],
      ['post', '/admin/api-tokens'],
      ['delete', '/admin/api-tokens/{id}'],
    ];
    for (const [method, path] of routes) expect(body.paths[path!]?.[method!]).toBeDefined();
    expect(body.paths['/admin/users'].post.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/admin/users'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CreateUserDto',
    );
    expect(body.paths['/api/auth/login'].post.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/LoginResultDto',
    );
    expect(body.components.schemas.CreateUserDto.required).toEqual(
      expect.arrayContaining(['email', 'password', 'roles']),
    );
  });

  it('documents each content type as soon as it is created, changed or deleted, and stays valid', async () => {
    const admin = await loginAsAdmin(cms);
    const definition = (extra: Record<string, unknown> = {}) => ({
      info: { singularName: 'blog-post', pluralName: 'blog-posts', displayName: 'Blog post' },
      options: { draftAndPublish: true },
      attributes: {
        title: { type: 'string', required: true, maxLength: 120 },
        category: { type: 'enumeration', enum: ['news', 'tech'] },
        views: { type: 'integer', min: 0 },
        secret: { type: 'string', private: true },
        cover: { type: 'media', allowedTypes: ['images'] },
        ...extra,
      },
    });
    await cms
      .http()
      .post('/admin/content-types')
      .auth(admin.accessToken, { type: 'bearer' })
      .send(definition())
      .expect(201);
    let { body } = await cms.http().get('/docs/openapi.json').expect(200);
    await expect(SwaggerParser.validate(structuredClone(body))).resolves.toBeDefined();
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/blog-posts',
        '/api/blog-posts/{documentId}',
        '/api/blog-posts/{documentId}/actions/publish',
        '/api/blog-posts/{documentId}/actions/unpublish',
        '/api/blog-posts/{documentId}/actions/discard-draft',
      ]),
    );
    const list = body.paths['/api/blog-posts'].get;
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining([
        'filters',
        'sort',
        'pagination[page]',
        'pagination[pageSize]',
        'pagination[cursor]',
        'fields',
        'populate',
        'status',
        'search',
      ]),
    );
    expect(list.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/BlogPostListResponse',
    });
    expect(list.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    const document = body.components.schemas.BlogPostDocument;
    expect(document.properties.category).toEqual({ type: 'string', enum: ['news', 'tech'], nullable: true });
    expect(document.properties).not.toHaveProperty('secret');
    expect(document.properties.cover.anyOf[0]).toEqual({ $ref: '#/components/schemas/UploadFile' });
    expect(body.components.schemas.BlogPostInput.properties.title).toEqual({ type: 'string', maxLength: 120 });
    // A create publishes: its body must bring what publishing requires; an update is partial.
    expect(body.components.schemas.BlogPostCreateInput.required).toEqual(['title']);
    expect(body.components.schemas.BlogPostInput).not.toHaveProperty('required');
    expect(body.paths['/api/blog-posts'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/BlogPostCreateRequest',
    });
    // Generators name methods by operationId: every operation has one, unique in the document.
    const operations = Object.values(body.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((item) => Object.values(item))
      .filter((operation) => typeof operation === 'object' && operation !== null && 'responses' in operation);
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    const contentIds = ids.filter((id): id is string => typeof id === 'string' && /BlogPost/.test(id));
    expect(contentIds.sort()).toEqual(
      [
        'listBlogPosts',
        'createBlogPost',
        'getBlogPost',
        'updateBlogPost',
        'deleteBlogPost',
        'publishBlogPost',
        'unpublishBlogPost',
        'discardDraftBlogPost',
        'exportBlogPosts',
        'importBlogPosts',
      ].sort(),
    );
    expect(new Set(ids.filter(Boolean)).size).toBe(ids.filter(Boolean).length);
    // OpenAPI 3.0: `nullable` only beside a `type` (strict validators refuse it alone).
    const untypedNullables: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value !== 'object' || value === null) return;
      const schema = value as Record<string, unknown>;
      if (schema.nullable === true && schema.type === undefined) untypedNullables.push(path);
      for (const [key, child] of Object.entries(schema)) walk(child, `${path}.${key}`);
    };
    walk(body.components.schemas, 'schemas');
    expect(untypedNullables).toEqual([]);
    await cms
      .http()
      .put('/admin/content-types/blog-post')
      .auth(admin.accessToken, { type: 'bearer' })
      .send(definition({ rating: { type: 'decimal' } }))
      .expect(200);
    ({ body } = await cms.http().get('/docs/openapi.json').expect(200));
    expect(body.components.schemas.BlogPostDocument.properties.rating).toEqual({ type: 'number', nullable: true });
    await cms
      .http()
      .delete('/admin/content-types/blog-post?confirm=true')
      .auth(admin.accessToken, { type: 'bearer' })
      .expect(200);
    ({ body } = await cms.http().get('/docs/openapi.json').expect(200));
    expect(body.paths).not.toHaveProperty('/api/blog-posts');
  });

  it('documents the media routes, their multipart bodies and the file object', async () => {
    const { body } = await cms.http().get('/docs/openapi.json').expect(200);
    const upload = body.paths['/api/upload'].post;
    const form = upload.requestBody.content['multipart/form-data'].schema;
    expect(form.properties.files).toEqual({ type: 'array', items: { type: 'string', format: 'binary' } });
    expect(form.properties.fileInfo.type).toBe('string');
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '403', '413', '415']));
    expect(upload.parameters.map((parameter: { name: string }) => parameter.name)).toContain('id');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/upload/files', '/api/upload/files/{id}', '/api/assets/{id}']),
    );
    expect(body.paths['/api/upload/files/{id}'].delete.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/UploadFile',
    });
    expect(Object.keys(body.components.schemas.UploadFile.properties)).toEqual(
      expect.arrayContaining(['id', 'documentId', 'name', 'formats', 'hash', 'mime', 'size', 'url', 'provider']),
    );
    const widths = body.paths['/api/assets/{id}'].get.parameters.find(
      (parameter: { name: string }) => parameter.name === 'width',
    );
    expect(widths.schema.enum).toContain(320);
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
