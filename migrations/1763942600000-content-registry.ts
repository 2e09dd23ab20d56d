import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createdAtColumn, idColumn, updatedAtColumn } from './support/columns';

export class ContentRegistry1763942600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'cms_documents',
        columns: [
          { name: 'document_id', type: 'varchar', length: '24', isPrimary: true },
          { name: 'content_type', type: 'varchar', length: '64' },
          createdAtColumn(queryRunner),
        ],
        indices: [new TableIndex({ columnNames: ['content_type'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_content_types',
        columns: [
          { name: 'singular_name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'definition', type: 'text' },
          updatedAtColumn(queryRunner),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_schema_history',
        columns: [
          idColumn(),
          { name: 'singular_name', type: 'varchar', length: '64' },
          { name: 'action', type: 'varchar', length: '16' },
          { name: 'definition', type: 'text', isNullable: true },
          { name: 'steps', type: 'text' },
          { name: 'applied_by', type: 'integer', isNullable: true },
          createdAtColumn(queryRunner, 'applied_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['cms_schema_history', 'cms_content_types', 'cms_documents'])
      await queryRunner.dropTable(table);
  }
}
