/** The physical shape of content storage, as the planner compares it and the applier builds it. */

export type Dialect = 'mysql' | 'sqlite';

export interface ColumnSpec {
  readonly name: string;
  /** A TypeORM column type valid on the dialect. */
  readonly type: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly nullable: boolean;
  readonly primary?: boolean;
  readonly generated?: boolean;
  /** A SQL literal default, as TypeORM's table API takes it. */
  readonly default?: string;
  /** Case-insensitive comparison of text (SQLite `COLLATE NOCASE`; MySQL collations already are). */
  readonly caseInsensitive?: boolean;
}

export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** A MySQL FULLTEXT index (SQLite has none: search falls back to LIKE there). */
  readonly fullText?: boolean;
}

export interface ForeignKeySpec {
  readonly column: string;
  readonly table: string;
  readonly referencedColumn: string;
  readonly onDelete: 'CASCADE' | 'SET NULL';
}

export interface TableSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly indexes: readonly IndexSpec[];
  readonly foreignKeys: readonly ForeignKeySpec[];
}

/** Every document id of every type: what relations and content rows point at. */
export const DOCUMENTS_TABLE = 'cms_documents';
export const USERS_TABLE = 'cms_users';
export const DOCUMENT_ID_LENGTH = 24;
