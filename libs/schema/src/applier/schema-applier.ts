import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, isMysqlFamily } from '@cms/core';
import {
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  type DataSource,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';
import type { SchemaPlan, Step } from '../planner/plan-schema';
import { identifier } from '../planner/table-specs-of';
import type { ColumnSpec, Dialect, ForeignKeySpec, IndexSpec } from '../planner/table-spec';

/**
 * Runs a plan's steps through TypeORM's QueryRunner, the same code on MySQL, MariaDB and SQLite.
 * MySQL cannot roll DDL back, so every step first looks at what is there and does only what is
 * missing: a plan interrupted half-way can be run again to finish it.
 */
@Injectable()
export class SchemaApplier {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get dialect(): Dialect {
    return isMysqlFamily(this.dataSource.options) ? 'mysql' : 'sqlite';
  }

  async apply(plan: SchemaPlan, options: { readonly confirmed: boolean }): Promise<void> {
    if (plan.destructive.length > 0 && !options.confirmed) {
      throw DomainError.conflict('DESTRUCTIVE_CHANGE', 'This change would lose data: confirm it to apply', {
        steps: plan.destructive.map(describeStep),
      });
    }
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      for (const step of plan.steps) await this.run(queryRunner, step);
    } finally {
      await queryRunner.release();
    }
  }

  private async run(queryRunner: QueryRunner, step: Step): Promise<void> {
    switch (step.kind) {
      case 'createTable':
        await queryRunner.createTable(
          new Table({
            name: step.table.name,
            columns: step.table.columns.map((column) => this.columnOptions(column)),
            indices: step.table.indexes.map(toIndex),
            foreignKeys: step.table.foreignKeys.map((foreignKey) => toForeignKey(step.table.name, foreignKey)),
          }),
          true,
        );
        return;
      case 'dropTable':
        await queryRunner.dropTable(step.table, true);
        return;
      case 'addColumn':
        if (!(await queryRunner.hasColumn(step.table, step.column.name))) {
          await queryRunner.addColumn(step.table, new TableColumn(this.columnOptions(step.column)));
        }
        return;
      case 'dropColumn':
        if (await queryRunner.hasColumn(step.table, step.column)) await queryRunner.dropColumn(step.table, step.column);
        return;
      case 'alterColumn':
        await this.alterColumn(queryRunner, step.table, step.to);
        return;
      case 'createIndex': {
        const table = await queryRunner.getTable(step.table);
        if (!table?.indices.some((index) => index.name === step.index.name))
          await queryRunner.createIndex(step.table, toIndex(step.index));
        return;
      }
      case 'dropIndex': {
        const table = await queryRunner.getTable(step.table);
        if (table?.indices.some((index) => index.name === step.index))
          await queryRunner.dropIndex(step.table, step.index);
        return;
      }
      case 'addForeignKey': {
        const foreignKey = toForeignKey(step.table, step.foreignKey);
        const table = await queryRunner.getTable(step.table);
        if (!table?.foreignKeys.some((existing) => existing.name === foreignKey.name))
          await queryRunner.createForeignKey(step.table, foreignKey);
        return;
      }
      case 'dropForeignKey': {
        const name = foreignKeyName(step.table, step.foreignKey);
        const table = await queryRunner.getTable(step.table);
        if (table?.foreignKeys.some((existing) => existing.name === name))
          await queryRunner.dropForeignKey(step.table, name);
        return;
      }
    }
  }

  /**
   * TypeORM's changeColumn drops and re-adds a MySQL column whose type or length changes, losing
   * every value: MySQL gets `MODIFY` instead, which converts in place. SQLite has no MODIFY, and
   * TypeORM rebuilds the table there, copying the rows.
   */
  private async alterColumn(queryRunner: QueryRunner, table: string, column: ColumnSpec): Promise<void> {
    const target = new TableColumn(this.columnOptions(column));
    if (this.dialect === 'sqlite') {
      await queryRunner.changeColumn(table, column.name, target);
      return;
    }
    const driver = this.dataSource.driver;
    const definition = [
      driver.createFullType(target),
      column.nullable ? 'NULL' : 'NOT NULL',
      column.default !== undefined ? `DEFAULT ${column.default}` : '',
    ].join(' ');
    await queryRunner.query(
      `ALTER TABLE ${driver.escape(table)} MODIFY ${driver.escape(column.name)} ${definition.trim()}`,
    );
  }

  private columnOptions(column: ColumnSpec): TableColumnOptions {
    return {
      name: column.name,
      type: column.type,
      length: column.length === undefined ? undefined : String(column.length),
      precision: column.precision,
      scale: column.scale,
      isNullable: column.nullable,
      isPrimary: column.primary ?? false,
      isGenerated: column.generated ?? false,
      generationStrategy: column.generated ? 'increment' : undefined,
      default: column.default,
      // MySQL's utf8mb4_unicode_ci already compares case-insensitively; SQLite needs to be told.
      collation: column.caseInsensitive && this.dialect === 'sqlite' ? 'NOCASE' : undefined,
    };
  }
}

function toIndex(index: IndexSpec): TableIndex {
  return new TableIndex({
    name: index.name,
    columnNames: [...index.columns],
    isUnique: index.unique,
    isFulltext: index.fullText ?? false,
  });
}

function toForeignKey(table: string, foreignKey: ForeignKeySpec): TableForeignKey {
  return new TableForeignKey({
    name: foreignKeyName(table, foreignKey),
    columnNames: [foreignKey.column],
    referencedTableName: foreignKey.table,
    referencedColumnNames: [foreignKey.referencedColumn],
    onDelete: foreignKey.onDelete,
  });
}

function foreignKeyName(table: string, foreignKey: ForeignKeySpec): string {
  return identifier(`fk_${table}_${foreignKey.column}`);
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'createTable':
    case 'dropTable':
      return `${step.kind === 'createTable' ? 'create' : 'drop'} table ${typeof step.table === 'string' ? step.table : step.table.name}`;
    case 'addColumn':
      return `add column ${step.table}.${step.column.name}`;
    case 'dropColumn':
      return `drop column ${step.table}.${step.column}`;
    case 'alterColumn':
      return `change column ${step.table}.${step.to.name}${step.lossy ? ' (may lose data)' : ''}`;
    case 'createIndex':
      return `create index ${step.index.name}`;
    case 'dropIndex':
      return `drop index ${step.index}`;
    case 'addForeignKey':
      return `add foreign key ${step.table}.${step.foreignKey.column}`;
    case 'dropForeignKey':
      return `drop foreign key ${step.table}.${step.foreignKey.column}`;
  }
}
