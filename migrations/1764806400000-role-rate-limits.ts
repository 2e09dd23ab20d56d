import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = ['rate_limit_requests', 'rate_limit_window_seconds'];

/**
 * A role's own request budget: so many requests per window; none means the configured default.
 * Plain ALTER TABLE on purpose: TypeORM adds a column on SQLite by rebuilding the table, and
 * dropping the old one would cascade to every role's permissions.
 */
export class RoleRateLimits1764806400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const column of COLUMNS) await queryRunner.query(`ALTER TABLE cms_roles ADD COLUMN ${column} INTEGER NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of COLUMNS) await queryRunner.query(`ALTER TABLE cms_roles DROP COLUMN ${column}`);
  }
}
