import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  SchemaObject,
  SecurityRequirementObject,
} from '@nestjs/swagger';
import { ERROR_SCHEMA, OPERATORS } from '@cms/core';
import { attributeType, isRelational, type ContentType } from '@cms/schema';
import { documentSchema, inputSchema, ref, schemaName } from './attribute-schemas';
import { componentSchemas } from './component-schemas';
import { transferPaths } from './transfer-paths';

import { ANSWER_FORMATS } from '../formats/answer-formats';
import { QUERY_LIMITS } from '../query/parse-query';

type Schema = SchemaObject | ReferenceObject;

export { FILE_SCHEMA, schemaName } from './attribute-schemas';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref(ERROR_SCHEMA) } },
});
/** Public when the public role is granted, or with a bearer token. */
const SECURITY: SecurityRequirementObject[] = [{}, { bearer: [] }];

const ERRORS = {
  400: errorResponse('Invalid query or body: details.errors points at each problem'),
  401: errorResponse('Invalid credentials'),
  403: errorResponse('Not allowed'),
  404: errorResponse('No such document (or one the caller may not see)'),
};

/**
 * The OpenAPI paths and schemas of every content type, added to the static document on each
 * request for it: a type created a moment ago is documented at once.
 */
export function withContentTypes(
  base: OpenAPIObject,
  types: readonly ContentType[],
  components: readonly ContentType[] = [],
): OpenAPIObject {
  const known = new Set(types.map((type) => type.singularName));
  const schemas: Record<string, Schema> = { ...base.components?.schemas, ...componentSchemas(components, known) };
  const paths = { ...base.paths };
  for (const type of types) {
    const name = schemaName(type);
    schemas[`${name}Document`] = documentSchema(type, known);
    schemas[`${name}Input`] = inputSchema(type, false);
    schemas[`${name}CreateInput`] = inputSchema(type, true);
    for (const kind of ['', 'Create']) {
      schemas[`${name}${kind}Request`] = {
        type: 'object',
        required: ['data'],
        properties: { data: ref(`${name}${kind}Input`) },
        additionalProperties: false,
      };
    }
    schemas[`${name}Response`] = {
      type: 'object',
      required: ['data', 'meta'],
      properties: { data: ref(`${name}Document`), meta: { type: 'object' } },
    };
    if (type.kind === 'collectionType') {
      schemas[`${name}ListResponse`] = {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: ref(`${name}Document`) },
          meta: { type: 'object', properties: { pagination: paginationSchema } },
        },
      };
    }
    const typePaths =
      type.kind === 'collectionType'
        ? collectionPaths(type, name)
        : { [`/api/${type.singularName}`]: singlePaths(type, name) };
    Object.assign(paths, type.localized ? withLocaleParameter(typePaths) : typePaths);
  }
  return { ...base, paths, components: { ...base.components, schemas } };
}

const LOCALE_PARAMETER: ParameterObject = {
  name: 'locale',
  in: 'query',
  description: 'The locale read or written (a code of /admin/locales); absent: the default locale',
  schema: { type: 'string', example: 'fr' },
};

const FALLBACK_PARAMETER: ParameterObject = {
  name: 'fallback',
  in: 'query',
  description:
    'true: of each document, the first locale it has along the chain locale, its I18N_FALLBACKS, the default locale (beyond Strapi); each document’s locale says which',
  schema: { type: 'boolean' },
};

/** Every operation of a localized type takes `locale`; its reads take `fallback` too. */
function withLocaleParameter(paths: Record<string, PathItemObject>): Record<string, PathItemObject> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          {
            ...(operation as OperationObject),
            parameters: [
              ...((operation as OperationObject).parameters ?? []),
              LOCALE_PARAMETER,
              ...(method === 'get' ? [FALLBACK_PARAMETER] : []),
            ],
          },
        ]),
      ),
    ]),
  );
}

const paginationSchema: SchemaObject = {
  type: 'object',
  description: 'page, pageSize, pageCount, total; or start, limit, total; or limit, nextCursor',
  properties: {
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    pageCount: { type: 'integer' },
    total: { type: 'integer' },
    start: { type: 'integer' },
    limit: { type: 'integer' },
    nextCursor: { type: 'string', nullable: true },
  },
};

function collectionPaths(type: ContentType, name: string): Record<string, PathItemObject> {
  const tag = [type.displayName];
  const security = SECURITY;
  const documentId: ParameterObject = { name: 'documentId', in: 'path', required: true, schema: { type: 'string' } };
  const write = (summary: string, status: number, request: string, operationId: string): OperationObject => ({
    operationId,
    tags: tag,
    summary,
    security,
    parameters: [statusParameter('draft: write only the draft; otherwise it is published too (needs publish)')],
    requestBody: { required: true, content: { 'application/json': { schema: ref(request) } } },
    responses: {
      [status]: { description: 'The document', content: { 'application/json': { schema: ref(`${name}Response`) } } },
      ...ERRORS,
      409: errorResponse('A unique value is taken'),
    },
  });
  const paths: Record<string, PathItemObject> = {
    [`/api/${type.pluralName}`]: {
      get: {
        operationId: `list${schemaName({ singularName: type.pluralName } as ContentType)}`,
        tags: tag,
        summary: `List ${type.pluralName}`,
        security,
        parameters: [...listParameters(type), formatParameter],
        responses: {
          200: { description: 'A page of documents', content: readContent(`${name}ListResponse`) },
          ...ERRORS,
        },
      },
      post: write(`Create a ${type.singularName}`, 201, `${name}CreateRequest`, `create${name}`),
    },
    [`/api/${type.pluralName}/{documentId}`]: {
      get: {
        operationId: `get${name}`,
        tags: tag,
        summary: `One ${type.singularName}`,
        security,
        parameters: [
          documentId,
          fieldsParameter,
          populateParameter,
          statusParameter('draft: the draft version'),
          formatParameter,
        ],
        responses: { 200: { description: 'The document', content: readContent(`${name}Response`) }, ...ERRORS },
      },
      put: {
        ...write(`Update a ${type.singularName} (partial)`, 200, `${name}Request`, `update${name}`),
        parameters: [documentId, statusParameter('draft: write only the draft')],
      },
      delete: {
        operationId: `delete${name}`,
        tags: tag,
        summary: `Delete a ${type.singularName}`,
        security,
        parameters: [documentId],
        responses: { 204: { description: 'Deleted' }, ...ERRORS },
      },
    },
  };
  if (type.draftAndPublish) {
    for (const action of ['publish', 'unpublish', 'discard-draft']) {
      paths[`/api/${type.pluralName}/{documentId}/actions/${action}`] = {
        post: {
          operationId: `${action === 'discard-draft' ? 'discardDraft' : action}${name}`,
          tags: tag,
          summary: `${action} a ${type.singularName} (needs publish)`,
          security,
          parameters: [documentId],
          responses: {
            200: { description: 'The document', content: { 'application/json': { schema: ref(`${name}Response`) } } },
            ...ERRORS,
          },
        },
      };
    }
  }
  Object.assign(
    paths,
    transferPaths(type, name, schemaName({ singularName: type.pluralName }), {
      read: listParameters(type).filter((parameter) => !parameter.name.startsWith('pagination')),
      security,
      errors: ERRORS,
    }),
  );
  return paths;
}

function singlePaths(type: ContentType, name: string): PathItemObject {
  const tag = [type.displayName];
  const security = SECURITY;
  const response = { description: 'The document', content: { 'application/json': { schema: ref(`${name}Response`) } } };
  return {
    get: {
      operationId: `get${name}`,
      tags: tag,
      summary: `The ${type.singularName}`,
      security,
      parameters: [fieldsParameter, populateParameter, statusParameter('draft: the draft version'), formatParameter],
      responses: { 200: { ...response, content: readContent(`${name}Response`) }, ...ERRORS },
    },
    put: {
      operationId: `put${name}`,
      tags: tag,
      summary: `Create or update the ${type.singularName}`,
      security,
      parameters: [statusParameter('draft: write only the draft')],
      requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}Request`) } } },
      responses: { 200: response, ...ERRORS, 409: errorResponse('A unique value is taken') },
    },
    delete: {
      operationId: `delete${name}`,
      tags: tag,
      summary: `Delete the ${type.singularName}`,
      security,
      responses: { 204: { description: 'Deleted' }, ...ERRORS },
    },
  };
}

/**
 * Nested parameters (`filters`, `populate`) are sent in `qs` bracket syntax, as Strapi's clients
 * send them: OpenAPI has no style for it, so the descriptions say so and the schemas admit every
 * documented form (a string, a list, an object), which typed clients then accept.
 */
const QS = 'Send it with a qs-style serializer (qs.stringify(query, { encodeValuesOnly: true }))';
const STRING_OR_LIST: SchemaObject = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

const fieldsParameter: ParameterObject = {
  name: 'fields',
  in: 'query',
  description: 'Attributes to return: fields[0]=title&fields[1]=slug, fields=title,slug, or fields=* for all',
  schema: STRING_OR_LIST,
};

const populateParameter: ParameterObject = {
  name: 'populate',
  in: 'query',
  description: `Relations to include: *, populate[0]=author, or populate[author][fields|filters|sort|populate], and on to-many relations populate[tags][limit] (related documents per parent); at most ${QUERY_LIMITS.populateDepth} deep. A relation to a type the caller may not find is answered empty; an answer that would hold more documents than the server's budget (CONTENT_MAX_DOCUMENTS) is a 400. ${QS}`,
  schema: { oneOf: [...STRING_OR_LIST.oneOf!, { type: 'object', additionalProperties: true }] },
};

const formatParameter: ParameterObject = {
  name: 'format',
  in: 'query',
  description:
    'The answer’s format (it wins over Accept): json, ndjson (a document a line), csv (a header row; relations as documentIds, components as JSON text), xml or yaml; another is a 406',
  schema: { type: 'string', enum: Object.keys(ANSWER_FORMATS) },
};

/** A read's answer in every format it can take: JSON by its schema, the others as text. */
function readContent(schema: string): Record<string, { schema: Schema }> {
  return Object.fromEntries(
    Object.values(ANSWER_FORMATS).map(({ mediaType }) => [
      mediaType,
      { schema: mediaType === 'application/json' ? ref(schema) : { type: 'string' } },
    ]),
  );
}

function statusParameter(description: string): ParameterObject {
  return { name: 'status', in: 'query', description, schema: { type: 'string', enum: ['draft', 'published'] } };
}

function listParameters(type: ContentType): ParameterObject[] {
  const integer = (name: string, description: string, maximum?: number): ParameterObject => ({
    name,
    in: 'query',
    description,
    schema: { type: 'integer', minimum: name.includes('page]') ? 1 : 0, ...(maximum ? { maximum } : {}) },
  });
  return [
    {
      name: 'filters',
      in: 'query',
      description: `filters[attribute][operator]=value, through relations to types the caller may find (their own row conditions and fields apply), and $and/$or/$not, at most ${QUERY_LIMITS.filterDepth} deep. Operators: ${Object.keys(OPERATORS).join(' ')}. Attributes: ${filterable(type).join(', ')}. ${QS}.`,
      style: 'deepObject',
      explode: true,
      schema: { type: 'object', additionalProperties: true },
    },
    {
      name: 'sort',
      in: 'query',
      description: 'title, views:desc, author.name:asc, or a list: sort[0]=title&sort[1]=views:desc',
      schema: STRING_OR_LIST,
    },
    integer('pagination[page]', 'Page number, from 1'),
    integer('pagination[pageSize]', `Page size (default ${QUERY_LIMITS.defaultPageSize})`, QUERY_LIMITS.maxPageSize),
    integer('pagination[start]', 'Offset, with pagination[limit]'),
    integer('pagination[limit]', 'Page size with start or cursor', QUERY_LIMITS.maxPageSize),
    { name: 'pagination[withCount]', in: 'query', description: 'false: skip the total', schema: { type: 'boolean' } },
    {
      name: 'pagination[cursor]',
      in: 'query',
      description: 'Empty for the first page, then meta.pagination.nextCursor',
      schema: { type: 'string' },
    },
    fieldsParameter,
    populateParameter,
    statusParameter('draft: list draft versions'),
    {
      name: 'search',
      in: 'query',
      description: 'Full-text search on the text attributes',
      schema: { type: 'string', maxLength: QUERY_LIMITS.searchLength },
    },
    {
      name: '_q',
      in: 'query',
      description: 'Strapi’s name for search',
      schema: { type: 'string', maxLength: QUERY_LIMITS.searchLength },
    },
  ];
}

function filterable(type: ContentType): string[] {
  return [
    'id',
    'documentId',
    'createdAt',
    'updatedAt',
    'publishedAt',
    ...type.attributes
      .filter(
        (attribute) =>
          !attribute.private &&
          (isRelational(attribute) || attribute.type === 'component' || attributeType(attribute).valueKind),
      )
      .map((attribute) => attribute.name),
  ];
}
