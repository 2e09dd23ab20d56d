import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column definitions that differ by database, taken from the driver itself so that a migration
 * written once matches what the entities declare on MySQL/MariaDB and SQLite alike.
 */
export function updatedAtColumn(queryRunner: QueryRunner, name = 'updated_at'): TableColumnOptions {
  const types = queryRunner.connection.driver.mappedDataTypes;
  return {
    name,
    type: types.updateDate as string,
    precision: types.updateDatePrecision,
    default: types.updateDateDefault,
    onUpdate: ['mysql', 'mariadb'].includes(queryRunner.connection.driver.options.type)
      ? types.updateDateDefault
      : undefined,
    isNullable: false,
  };
}

export function createdAtColumn(queryRunner: QueryRunner, name = 'created_at'): TableColumnOptions {
  const types = queryRunner.connection.driver.mappedDataTypes;
  return {
    name,
    type: types.createDate as string,
    precision: types.createDatePrecision,
    default: types.createDateDefault,
    isNullable: false,
  };
}

export function idColumn(name = 'id'): TableColumnOptions {
  return { name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}
