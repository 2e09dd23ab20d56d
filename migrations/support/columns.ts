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
    onUpdate: queryRunner.connection.driver.options.type === 'mysql' ? types.updateDateDefault : undefined,
    isNullable: false,
  };
}
