import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { LocaleEntity } from '../locales/locale.entity';

/** Every document of every content type (and media file): what rows and relations point at. */
@Entity('cms_documents')
@Index(['contentType'])
export class DocumentEntity {
  @PrimaryColumn({ name: 'document_id', type: 'varchar', length: 24 })
  documentId!: string;

  @Column({ name: 'content_type', type: 'varchar', length: 64 })
  contentType!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}

/** The registry: the definition in force for each content type. */
@Entity('cms_content_types')
export class ContentTypeEntity {
  @PrimaryColumn({ name: 'singular_name', type: 'varchar', length: 64 })
  singularName!: string;

  /** The definition as given (Strapi's schema.json shape), JSON. */
  @Column({ type: 'text' })
  definition!: string;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/** Every applied schema change: what, the steps run, who and when. */
@Entity('cms_schema_history')
export class SchemaChangeEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'singular_name', type: 'varchar', length: 64 })
  singularName!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: 'create' | 'update' | 'delete';

  @Column({ type: 'text', nullable: true })
  definition!: string | null;

  @Column({ type: 'text' })
  steps!: string;

  @Column({ name: 'applied_by', type: 'int', nullable: true })
  appliedBy!: number | null;

  @CreateDateColumn({ name: 'applied_at' })
  appliedAt!: Date;
}

export const schemaEntities = [DocumentEntity, ContentTypeEntity, SchemaChangeEntity, LocaleEntity];
