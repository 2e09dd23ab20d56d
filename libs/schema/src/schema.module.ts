import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SchemaApplier } from './applier/schema-applier';
import { schemaEntities } from './registry/entities';

/** Content-type definitions, their registry and history, and the DDL that gives each a table. */
@Module({
  imports: [TypeOrmModule.forFeature(schemaEntities)],
  providers: [SchemaApplier],
  exports: [SchemaApplier],
})
export class SchemaModule {}
