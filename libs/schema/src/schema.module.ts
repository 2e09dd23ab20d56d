import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsModule } from '@cms/core';
import { SchemaApplier } from './applier/schema-applier';
import { SchemaFilesOnStart } from './files/schema-files-on-start';
import { ContentTypesController } from './registry/content-types.controller';
import { schemaEntities } from './registry/entities';
import { SchemaRegistry } from './registry/schema-registry.service';

export interface SchemaModuleOptions {
  /** Apply SCHEMA_DIR at start (the API does; the CLI has schema:apply). */
  readonly applyFilesOnStart: boolean;
}

/** Content-type definitions, their registry and history, and the DDL that gives each a table. */
@Module({})
export class SchemaModule {
  static forRoot(options: SchemaModuleOptions): DynamicModule {
    return {
      module: SchemaModule,
      global: true,
      imports: [TypeOrmModule.forFeature(schemaEntities), SettingsModule],
      controllers: [ContentTypesController],
      providers: [SchemaApplier, SchemaRegistry, ...(options.applyFilesOnStart ? [SchemaFilesOnStart] : [])],
      exports: [SchemaApplier, SchemaRegistry],
    };
  }
}
