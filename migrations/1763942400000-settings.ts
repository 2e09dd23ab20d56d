import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { updatedAtColumn } from './support/columns';

export class Settings1763942400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'cms_settings',
        columns: [
          { name: 'name', type: 'varchar', length: '191', isPrimary: true },
          { name: 'value', type: 'text', isNullable: false },
          updatedAtColumn(queryRunner),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('cms_settings');
  }
}
