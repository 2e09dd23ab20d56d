import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from './support/columns';

/** The locales content can be written in; English is the default until an admin says otherwise. */
export class Locales1764633600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'cms_locales',
        columns: [
          { name: 'code', type: 'varchar', length: '35', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'is_default', type: 'boolean', default: 0 },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
      }),
    );
    await queryRunner.query('INSERT INTO cms_locales (code, name, is_default) VALUES (?, ?, ?)', [
      'en',
      'English (en)',
      true,
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('cms_locales');
  }
}
