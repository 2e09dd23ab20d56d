import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createdAtColumn, idColumn, updatedAtColumn } from './support/columns';

const CONTENT_ACTIONS = ['find', 'findOne', 'create', 'update', 'delete', 'publish'];
const MEDIA_ACTIONS = ['upload', 'read', 'update', 'delete'];
const OWN_ENTRIES = { createdBy: { id: { $eq: '$currentUser' } } };

interface SeedPermission {
  action: string;
  subject: string;
  conditions?: object;
}

/** The built-in roles and their default permissions (super-admin needs none: it may do all). */
const BUILT_IN_ROLES: { code: string; name: string; description: string; permissions: SeedPermission[] }[] = [
  { code: 'super-admin', name: 'Super Admin', description: 'May do everything; cannot be changed', permissions: [] },
  {
    code: 'editor',
    name: 'Editor',
    description: 'Manages all content and media',
    permissions: [
      ...CONTENT_ACTIONS.map((action) => ({ action, subject: '*' })),
      ...MEDIA_ACTIONS.map((action) => ({ action, subject: 'media' })),
    ],
  },
  {
    code: 'author',
    name: 'Author',
    description: 'Creates content, and reads, updates and deletes its own; cannot publish',
    permissions: [
      { action: 'create', subject: '*' },
      ...['find', 'findOne', 'update', 'delete'].map((action) => ({ action, subject: '*', conditions: OWN_ENTRIES })),
      { action: 'upload', subject: 'media' },
      ...['read', 'update', 'delete'].map((action) => ({ action, subject: 'media', conditions: OWN_ENTRIES })),
    ],
  },
  { code: 'authenticated', name: 'Authenticated', description: 'Every signed-in user', permissions: [] },
  { code: 'public', name: 'Public', description: 'Requests without credentials', permissions: [] },
];

export class IdentityAndAccess1763942500000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const fk = (column: string, table: string, onDelete: 'CASCADE' | 'RESTRICT' = 'CASCADE') =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete,
        onUpdate: 'NO ACTION',
      });

    await queryRunner.createTable(
      new Table({
        name: 'cms_users',
        columns: [
          idColumn(),
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'username', type: 'varchar', length: '128', isNullable: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'blocked', type: 'boolean', default: 0 },
          { name: 'token_version', type: 'integer', default: 0 },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [
          new TableIndex({ columnNames: ['email'], isUnique: true }),
          new TableIndex({ columnNames: ['username'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'integer' },
          createdAtColumn(queryRunner),
          { name: 'expires_at', type: 'datetime' },
          { name: 'revoked_at', type: 'datetime', isNullable: true },
        ],
        foreignKeys: [fk('user_id', 'cms_users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_refresh_tokens',
        columns: [
          idColumn(),
          { name: 'session_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          createdAtColumn(queryRunner),
          { name: 'expires_at', type: 'datetime' },
          { name: 'used_at', type: 'datetime', isNullable: true },
        ],
        indices: [new TableIndex({ columnNames: ['token_hash'], isUnique: true })],
        foreignKeys: [fk('session_id', 'cms_sessions')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_password_resets',
        columns: [
          idColumn(),
          { name: 'user_id', type: 'integer' },
          { name: 'code_hash', type: 'varchar', length: '64' },
          createdAtColumn(queryRunner),
          { name: 'expires_at', type: 'datetime' },
          { name: 'used_at', type: 'datetime', isNullable: true },
        ],
        indices: [new TableIndex({ columnNames: ['code_hash'], isUnique: true })],
        foreignKeys: [fk('user_id', 'cms_users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_api_tokens',
        columns: [
          idColumn(),
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'access_key_prefix', type: 'varchar', length: '16' },
          { name: 'access_key_hash', type: 'varchar', length: '64' },
          { name: 'permissions', type: 'text', isNullable: true },
          { name: 'expires_at', type: 'datetime', isNullable: true },
          { name: 'last_used_at', type: 'datetime', isNullable: true },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [
          new TableIndex({ columnNames: ['name'], isUnique: true }),
          new TableIndex({ columnNames: ['access_key_hash'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_roles',
        columns: [
          idColumn(),
          { name: 'code', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'description', type: 'text', isNullable: true },
          createdAtColumn(queryRunner),
          updatedAtColumn(queryRunner),
        ],
        indices: [new TableIndex({ columnNames: ['code'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_permissions',
        columns: [
          idColumn(),
          { name: 'role_id', type: 'integer' },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'subject', type: 'varchar', length: '128' },
          { name: 'fields', type: 'text', isNullable: true },
          { name: 'conditions', type: 'text', isNullable: true },
        ],
        foreignKeys: [fk('role_id', 'cms_roles')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cms_user_roles',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'role_id', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [fk('user_id', 'cms_users'), fk('role_id', 'cms_roles', 'RESTRICT')],
      }),
    );
    await seedBuiltInRoles(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'cms_user_roles',
      'cms_permissions',
      'cms_roles',
      'cms_api_tokens',
      'cms_password_resets',
      'cms_refresh_tokens',
      'cms_sessions',
      'cms_users',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

/** Plain parameterized SQL: the same on MySQL and SQLite, and independent of today's entities. */
async function seedBuiltInRoles(queryRunner: QueryRunner): Promise<void> {
  for (const role of BUILT_IN_ROLES) {
    await queryRunner.query('INSERT INTO cms_roles (code, name, description) VALUES (?, ?, ?)', [
      role.code,
      role.name,
      role.description,
    ]);
    const [{ id: roleId }] = await queryRunner.query('SELECT id FROM cms_roles WHERE code = ?', [role.code]);
    for (const permission of role.permissions) {
      await queryRunner.query(
        'INSERT INTO cms_permissions (role_id, action, subject, conditions) VALUES (?, ?, ?, ?)',
        [
          roleId,
          permission.action,
          permission.subject,
          permission.conditions ? JSON.stringify(permission.conditions) : null,
        ],
      );
    }
  }
}
