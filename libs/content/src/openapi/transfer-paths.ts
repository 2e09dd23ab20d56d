import type { ParameterObject, PathItemObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { ERROR_SCHEMA } from '@cms/core';
import type { ContentType } from '@cms/schema';
import { EXPORT_FORMATS } from '../export/document-export.service';
import { ANSWER_FORMATS } from '../formats/answer-formats';
import { IMPORT_FORMATS } from '../import/import-rows';
import { ref } from './attribute-schemas';

const TEXT: SchemaObject = { type: 'string' };

/** Where a type's documents go out and come in, in bulk: `/export` and `/import` beside its list. */
export function transferPaths(
  type: ContentType,
  name: string,
  plural: string,
  shared: {
    readonly read: readonly ParameterObject[];
    readonly security: NonNullable<PathItemObject['get']>['security'];
    readonly errors: Record<string, ResponseObject>;
  },
): Record<string, PathItemObject> {
  const tags = [type.displayName];
  const flag = (parameter: string, description: string): ParameterObject => ({
    name: parameter,
    in: 'query',
    description,
    schema: { type: 'boolean' },
  });
  return {
    [`/api/${type.pluralName}/export`]: {
      get: {
        operationId: `export${plural}`,
        tags,
        summary: `Every ${type.singularName} the caller may find, streamed (the list's filters, sort, fields, populate, status)`,
        security: shared.security,
        parameters: [
          ...shared.read,
          {
            name: 'format',
            in: 'query',
            description: 'ndjson (default), csv or json',
            schema: { type: 'string', enum: [...EXPORT_FORMATS] },
          },
        ],
        responses: {
          200: {
            description: 'The documents: a document a line, CSV with a header row, or {data, meta: {total}}',
            content: Object.fromEntries(
              EXPORT_FORMATS.map((format) => [
                ANSWER_FORMATS[format].mediaType,
                {
                  schema:
                    format === 'json'
                      ? {
                          type: 'object',
                          properties: {
                            data: { type: 'array', items: ref(`${name}Document`) },
                            meta: { type: 'object' },
                          },
                        }
                      : TEXT,
                },
              ]),
            ),
          },
          ...shared.errors,
        },
      },
    },
    [`/api/${type.pluralName}/import`]: {
      post: {
        operationId: `import${plural}`,
        tags,
        summary: `Create or update ${type.pluralName} in bulk (needs create and update; publish unless status=draft)`,
        security: shared.security,
        parameters: [
          {
            name: 'format',
            in: 'query',
            description: 'json, ndjson or csv (default: by Content-Type)',
            schema: { type: 'string', enum: [...IMPORT_FORMATS] },
          },
          {
            name: 'key',
            in: 'query',
            description: 'A unique attribute that finds the document a row updates (default: documentId)',
            schema: { type: 'string' },
          },
          flag('dryRun', 'true: check and count, write nothing'),
          flag('skipInvalid', 'true: write the valid rows even when others are not'),
          {
            name: 'status',
            in: 'query',
            description: 'draft: write drafts only',
            schema: { type: 'string', enum: ['draft', 'published'] },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'array', items: ref(`${name}Input`) } },
            'application/x-ndjson': { schema: TEXT },
            'text/csv': { schema: TEXT },
          },
        },
        responses: {
          200: { description: 'What each row did', content: { 'application/json': { schema: IMPORT_REPORT } } },
          ...shared.errors,
          413: {
            description: 'Over 64 MiB: use cms content:import',
            content: { 'application/json': { schema: ref(ERROR_SCHEMA) } },
          },
        },
      },
    },
  };
}

const IMPORT_REPORT: SchemaObject = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'object',
      properties: {
        dryRun: { type: 'boolean' },
        written: { type: 'boolean' },
        created: { type: 'integer' },
        updated: { type: 'integer' },
        unchanged: { type: 'integer' },
        invalid: { type: 'integer' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              line: { type: 'integer' },
              path: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
};
