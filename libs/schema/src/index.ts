export { describeStep, SchemaApplier } from './applier/schema-applier';
export * from './definition/content-type';
export { snakeCase } from './definition/names';
export { parseDefinitions } from './definition/parse-definitions';
export { planSchema, type SchemaPlan, type Step } from './planner/plan-schema';
export type { Dialect, TableSpec } from './planner/table-spec';
export { tableSpecsOf } from './planner/table-specs-of';
export { schemaEntities } from './registry/entities';
export { SchemaModule } from './schema.module';
