export { describeStep, SchemaApplier } from './applier/schema-applier';
export * from './definition/content-type';
export { RESERVED_ATTRIBUTE_NAMES, snakeCase } from './definition/names';
export { parseDefinitions } from './definition/parse-definitions';
export { readDefinitionFiles, writeDefinitionFiles } from './files/definition-files';
export { planSchema, type SchemaPlan, type Step } from './planner/plan-schema';
export type { Dialect, TableSpec } from './planner/table-spec';
export { linkTableOf, tableSpecsOf } from './planner/table-specs-of';
export { columnNameOf } from './attribute-types/column-of-attribute';
export type {
  AttributeOf,
  AttributeTypeSpec,
  InputValue,
  LinkPosition,
  Report,
  TargetRef,
  ValueKind,
} from './attribute-types/attribute-type';
export { JSON_LIMITS, jsonDepthExceeds } from './attribute-types/json-types';
export { INT32 } from './attribute-types/number-types';
export { componentSchemaName, entryUnion, MAX_COMPONENT_DEPTH } from './attribute-types/component-entries';
export { ATTRIBUTE_TYPE_SPECS, attributeType } from './attribute-types/registry';
export { valueFromText } from './attribute-types/text-values';
export { sqlTimestamp, timestampOf } from './attribute-types/values';
export { fullTextColumnsOf, searchableAttributes } from './search/full-text';
export { schemaEntities } from './registry/entities';
export { SchemaRegistry, type AppliedChange, type SchemaChangeOptions } from './registry/schema-registry.service';
export { SchemaFilesOnStartModule, SchemaModule } from './schema.module';
export { LOCALES_TOPIC, LocalesService, type Locale } from './locales/locales.service';
