import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { withContentTypes } from '@cms/content';
import { ERROR_SCHEMA } from '@cms/core';
import { SchemaRegistry } from '@cms/schema';
import { errorEnvelopeSchema } from './openapi-error-schema';

export const DOCS_PATH = 'docs';
export const OPENAPI_JSON_PATH = `${DOCS_PATH}/openapi.json`;

/** Serves Swagger UI at `/docs` and the OpenAPI 3 document at `/docs/openapi.json`. */
export function setupOpenApi(app: INestApplication): void {
  const registry = app.get(SchemaRegistry);
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    // The content types change at run time: their paths are added to each answer.
    patchDocumentOnRequest: (_req, _res, document) =>
      withContentTypes(document, registry.list(), registry.components()),
  });
}

function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('CMS API')
    .setDescription('Content, identity, media and administration API. Errors share one envelope: see the Error schema.')
    .setVersion('1')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An access token (JWT) from /api/auth/login, or an API token' },
      'bearer',
    )
    .build();
  const document = SwaggerModule.createDocument(app, base);
  // Every operation may be called with a bearer token, and many without one: routes that need
  // one say so by answering 401, as the error responses document.
  document.security = [{}, { bearer: [] }];
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, [ERROR_SCHEMA]: errorEnvelopeSchema },
  };
  return document;
}
