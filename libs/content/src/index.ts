export type { ContentQuery, FilterNode, FilterValue, Pagination, PopulateNode, SortField } from './query/content-query';
export { OPERATORS, type Operator } from './query/operators';
export { parseCondition, parseQuery, QUERY_LIMITS, type QueryContext } from './query/parse-query';
export { compileFilter, quote, type CompileContext, type Dialect } from './sql/compile-filter';
export { sqlTimestamp, type Sql } from './sql/sql';
export { ContentModule } from './content.module';
export {
  ContentLifecycles,
  type LifecycleEvent,
  type LifecycleHooks,
  type LifecycleName,
} from './lifecycle/content-lifecycles';
export { schemaName, withContentTypes } from './openapi/content-openapi';
