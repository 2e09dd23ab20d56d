import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsModule } from '@cms/core';
import { SchemaApplier } from './applier/schema-applier';
import { SchemaFilesOnStart } from './files/schema-files-on-start';
import { LocalesService } from './locales/locales.service';
import { schemaEntities } from './registry/entities';
import { SchemaRegistry } from './registry/schema-registry.service';

/** Content-type definitions, their registry and history, and the DDL that gives each a table. */
@Module({
  imports: [TypeOrmModule.forFeature(schemaEntities), SettingsModule],
  providers: [SchemaApplier, SchemaRegistry, LocalesService],
  exports: [SchemaApplier, SchemaRegistry, LocalesService],
})
export class SchemaModule {}

/** Applies SCHEMA_DIR at start: the API imports it; the CLI has schema:apply instead. */
@Module({ imports: [SchemaModule], providers: [SchemaFilesOnStart] })
export class SchemaFilesOnStartModule {}
