import { Column, Index, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PermissionEntity } from './permission.entity';

@Entity('cms_roles')
@Index(['code'], { unique: true })
export class RoleEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** With `rateLimitWindowSeconds`, the role's request budget; null: the configured default. */
  @Column({ name: 'rate_limit_requests', type: 'int', nullable: true })
  rateLimitRequests!: number | null;

  @Column({ name: 'rate_limit_window_seconds', type: 'int', nullable: true })
  rateLimitWindowSeconds!: number | null;

  @OneToMany(() => PermissionEntity, (permission) => permission.role)
  permissions?: PermissionEntity[];

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
