import type { SchemaObject } from '@nestjs/swagger';
import { componentSchemaName, type ContentType } from '@cms/schema';
import { inputProperties, shownProperties, type Schema } from './attribute-schemas';

/**
 * Four schemas per component: its entry as answers show it (`XComponent`) and as a write sends it
 * (`XComponentInput`, an `id` keeping an entry), and both again with the `__component` key a
 * dynamic zone's entries carry (`...Entry`, `...EntryInput`), which its `oneOf` discriminates on.
 */
export function componentSchemas(
  components: readonly ContentType[],
  known: ReadonlySet<string>,
): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  for (const component of components) {
    const tag = (uid: string): Record<string, SchemaObject> => ({
      __component: { type: 'string', enum: [uid] },
    });
    const shown = { id: { type: 'integer' }, ...shownProperties(component.attributes, known) };
    const input = {
      id: { type: 'integer', description: 'Keeps this entry (an entry of this document)' },
      ...inputProperties(component.attributes),
    };
    const name = (suffix = '') => componentSchemaName(component.uid, suffix);
    schemas[name()] = { type: 'object', required: ['id'], properties: shown, description: component.displayName };
    schemas[name('Entry')] = {
      type: 'object',
      required: ['__component', 'id'],
      properties: { ...tag(component.uid), ...shown },
    };
    schemas[name('Input')] = { type: 'object', properties: input, additionalProperties: false };
    schemas[name('EntryInput')] = {
      type: 'object',
      required: ['__component'],
      properties: { ...tag(component.uid), ...input },
      additionalProperties: false,
    };
  }
  return schemas;
}
