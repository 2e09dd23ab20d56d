import type { SchemaObject } from '@nestjs/swagger';
import { STATUS_OF_ERROR } from '@cms/core';

/** The error envelope of CONTRACT §4, as an OpenAPI schema. */
export const errorEnvelopeSchema: SchemaObject = {
  type: 'object',
  required: ['data', 'error'],
  properties: {
    data: { type: 'object', nullable: true, example: null },
    error: {
      type: 'object',
      required: ['status', 'name', 'message', 'details'],
      properties: {
        status: { type: 'integer', example: 404 },
        name: { type: 'string', enum: Object.keys(STATUS_OF_ERROR), example: 'NotFoundError' },
        message: { type: 'string', example: 'Not Found' },
        details: {
          type: 'object',
          additionalProperties: true,
          properties: {
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message', 'name'],
                properties: {
                  path: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
                  message: { type: 'string' },
                  name: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  },
};
