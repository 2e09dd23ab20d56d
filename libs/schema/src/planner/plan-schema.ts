import type { ColumnSpec, ForeignKeySpec, IndexSpec, TableSpec } from './table-spec';

export type Step =
  | { readonly kind: 'createTable'; readonly table: TableSpec }
  | { readonly kind: 'dropTable'; readonly table: string }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: ColumnSpec }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: string }
  | {
      readonly kind: 'alterColumn';
      readonly table: string;
      readonly from: ColumnSpec;
      readonly to: ColumnSpec;
      readonly lossy: boolean;
    }
  | { readonly kind: 'createIndex'; readonly table: string; readonly index: IndexSpec }
  | { readonly kind: 'dropIndex'; readonly table: string; readonly index: string }
  | { readonly kind: 'addForeignKey'; readonly table: string; readonly foreignKey: ForeignKeySpec }
  | { readonly kind: 'dropForeignKey'; readonly table: string; readonly foreignKey: ForeignKeySpec };

export interface SchemaPlan {
  readonly steps: readonly Step[];
  /** Steps that lose data: applied only when confirmed. */
  readonly destructive: readonly Step[];
}

/** Type changes that keep every value: anything else may truncate or fail to convert. */
const WIDENINGS: Record<string, readonly string[]> = {
  varchar: ['text', 'longtext'],
  text: ['longtext'],
  integer: ['bigint', 'double', 'decimal'],
  float: ['double'],
};

/**
 * What to do to go from the tables of `before` to those of `after`, in an order the database
 * accepts: foreign keys and indexes leave first, new tables come before what references them,
 * and tables are dropped last, links before the tables they point at.
 */
export function planSchema(before: readonly TableSpec[], after: readonly TableSpec[]): SchemaPlan {
  const old = new Map(before.map((table) => [table.name, table]));
  const next = new Map(after.map((table) => [table.name, table]));
  const leaving: Step[] = [];
  const arriving: Step[] = [];
  const created: Step[] = [];
  const dropped: Step[] = [];

  for (const table of after) {
    const previous = old.get(table.name);
    if (!previous) {
      created.push({ kind: 'createTable', table });
      continue;
    }
    const byName = <T extends { name: string }>(items: readonly T[]) => new Map(items.map((item) => [item.name, item]));
    const oldColumns = byName(previous.columns);
    const newColumns = byName(table.columns);
    for (const foreignKey of previous.foreignKeys) {
      if (
        !table.foreignKeys.some((candidate) => sameForeignKey(candidate, foreignKey)) ||
        changed(oldColumns.get(foreignKey.column), newColumns.get(foreignKey.column))
      ) {
        leaving.push({ kind: 'dropForeignKey', table: table.name, foreignKey });
      }
    }
    for (const index of previous.indexes) {
      const kept = table.indexes.find((candidate) => candidate.name === index.name);
      if (
        !kept ||
        !sameIndex(kept, index) ||
        index.columns.some((column) => changed(oldColumns.get(column), newColumns.get(column)))
      ) {
        leaving.push({ kind: 'dropIndex', table: table.name, index: index.name });
      }
    }
    for (const column of previous.columns) {
      if (!newColumns.has(column.name)) leaving.push({ kind: 'dropColumn', table: table.name, column: column.name });
    }
    for (const column of table.columns) {
      const was = oldColumns.get(column.name);
      if (!was) arriving.push({ kind: 'addColumn', table: table.name, column });
      else if (changed(was, column))
        arriving.push({ kind: 'alterColumn', table: table.name, from: was, to: column, lossy: isLossy(was, column) });
    }
    for (const index of table.indexes) {
      if (
        leaving.some((step) => step.kind === 'dropIndex' && step.table === table.name && step.index === index.name) ||
        !previous.indexes.some((candidate) => candidate.name === index.name)
      ) {
        arriving.push({ kind: 'createIndex', table: table.name, index });
      }
    }
    for (const foreignKey of table.foreignKeys) {
      const wasThere = previous.foreignKeys.some((candidate) => sameForeignKey(candidate, foreignKey));
      const reAdded = leaving.some(
        (step) =>
          step.kind === 'dropForeignKey' && step.table === table.name && sameForeignKey(step.foreignKey, foreignKey),
      );
      if (!wasThere || reAdded) arriving.push({ kind: 'addForeignKey', table: table.name, foreignKey });
    }
  }
  for (const table of before) if (!next.has(table.name)) dropped.push({ kind: 'dropTable', table: table.name });

  // Link tables reference the content tables: create those after, drop them before.
  const links = (step: Step) =>
    (step.kind === 'createTable' ? step.table.name : step.kind === 'dropTable' ? step.table : '').endsWith('_lnk');
  const steps = [
    ...leaving,
    ...created.filter((step) => !links(step)),
    ...created.filter(links),
    ...arriving,
    ...dropped.filter(links),
    ...dropped.filter((step) => !links(step)),
  ];
  return { steps, destructive: steps.filter(isDestructive) };
}

function isDestructive(step: Step): boolean {
  return step.kind === 'dropTable' || step.kind === 'dropColumn' || (step.kind === 'alterColumn' && step.lossy);
}

function changed(before: ColumnSpec | undefined, after: ColumnSpec | undefined): boolean {
  if (!before || !after) return false;
  return (
    before.type !== after.type ||
    before.length !== after.length ||
    before.precision !== after.precision ||
    before.scale !== after.scale ||
    before.nullable !== after.nullable ||
    before.default !== after.default ||
    Boolean(before.caseInsensitive) !== Boolean(after.caseInsensitive)
  );
}

function isLossy(before: ColumnSpec, after: ColumnSpec): boolean {
  if (before.type !== after.type) return !(WIDENINGS[before.type] ?? []).includes(after.type);
  if ((after.length ?? Infinity) < (before.length ?? Infinity)) return true;
  if ((after.precision ?? 0) < (before.precision ?? 0) || (after.scale ?? 0) < (before.scale ?? 0)) return true;
  return false;
}

function sameIndex(a: IndexSpec, b: IndexSpec): boolean {
  return a.unique === b.unique && Boolean(a.fullText) === Boolean(b.fullText) && a.columns.join() === b.columns.join();
}

function sameForeignKey(a: ForeignKeySpec, b: ForeignKeySpec): boolean {
  return (
    a.column === b.column &&
    a.table === b.table &&
    a.referencedColumn === b.referencedColumn &&
    a.onDelete === b.onDelete
  );
}
