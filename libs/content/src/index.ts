export type { ContentQuery, FilterNode, FilterValue, Pagination, PopulateNode, SortField } from './query/content-query';
export { parseCondition, parseQuery, QUERY_LIMITS, type QueryContext } from './query/parse-query';
export { compileFilter, quote, type CompileContext, type Dialect } from './sql/compile-filter';
export type { Sql } from './sql/sql';
export { ContentModule } from './content.module';
export { CachedReadsModule } from './http/cached-reads.module';
export {
  ContentLifecycles,
  type LifecycleEvent,
  type LifecycleHooks,
  type LifecycleName,
} from './lifecycle/content-lifecycles';
export { FILE_SCHEMA, schemaName, withContentTypes } from './openapi/content-openapi';
export { AccessPlan, READ_ALL, type ReadAccess } from './access/access-plan';
export { AccessPlanner, type PlanOptions } from './access/access-planner.service';
export {
  DocumentCommands,
  type Command,
  type DataCommand,
  type EditorialAction,
} from './commands/document-commands.service';
export { DocumentReader, type Page } from './documents/document-reader.service';
export { DocumentService } from './documents/document.service';
export { serializeDocument, visibleAttributes, type DocumentJson, type Row } from './serialize/serialize-document';
export { DocumentExport, EXPORT_FORMATS, type ExportFormat } from './export/document-export.service';
export { DocumentImport, type ImportOptions, type ImportReport } from './import/document-import.service';
export { IMPORT_FORMATS, importRows, type ImportFormat, type ImportRow } from './import/import-rows';
export { withoutEntryIds } from './import/same-values';
