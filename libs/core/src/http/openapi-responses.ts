import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type SchemaObject } from '@nestjs/swagger';

/** The name of the error-envelope schema in the OpenAPI document (CONTRACT §4). */
export const ERROR_SCHEMA = 'Error';

/** Documents a `{ data: T }` answer, or `{ data: T[], meta: { total } }` with `list`. */
export function ApiDataResponse(
  model: Type<unknown>,
  options: { readonly status?: number; readonly list?: boolean; readonly description?: string } = {},
): MethodDecorator & ClassDecorator {
  const item = { $ref: getSchemaPath(model) };
  const schema: SchemaObject = options.list
    ? {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: item },
          meta: { type: 'object', properties: { total: { type: 'integer' } } },
        },
      }
    : { type: 'object', required: ['data'], properties: { data: item } };
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({ status: options.status ?? 200, description: options.description ?? 'OK', schema }),
  );
}

/** Documents error answers, each in the error envelope. */
export function ApiErrorResponses(errors: Readonly<Record<number, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } }),
    ),
  );
}
