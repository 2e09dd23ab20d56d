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
export { FILE_SCHEMA, schemaName, withContentTypes } from './openapi/content-openapi';
export { DocumentReader, type Page, type ReadAccess } from './documents/document-reader.service';
export { DocumentWriter, type CreatedDocument } from './documents/document-writer.service';
export { DocumentService } from './documents/document.service';
export { serializeDocument, visibleAttributes, type DocumentJson, type Row } from './serialize/serialize-document';
export { validateInput } from './validate/validate-input';
