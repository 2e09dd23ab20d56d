import { Column, Index, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const API_TOKEN_TYPES = ['read-only', 'full-access', 'custom'] as const;
export type ApiTokenType = (typeof API_TOKEN_TYPES)[number];

/** A long-lived bearer credential for an integration; its secret is kept only as a SHA-256. */
@Entity('cms_api_tokens')
@Index(['name'], { unique: true })
@Index(['accessKeyHash'], { unique: true })
export class ApiTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 16 })
  type!: ApiTokenType;

  /** The first characters of the secret, shown so that a person can tell tokens apart. */
  @Column({ name: 'access_key_prefix', type: 'varchar', length: 16 })
  accessKeyPrefix!: string;

  @Column({ name: 'access_key_hash', type: 'varchar', length: 64 })
  accessKeyHash!: string;

  /** For `custom` tokens: the permission list, as the access lib defines it. */
  @Column({ type: 'simple-json', nullable: true })
  permissions!: unknown[] | null;

  @Column({ name: 'expires_at', type: 'datetime', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'datetime', nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
