import { existsSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import { SchemaRegistry } from '../registry/schema-registry.service';
import { readDefinitionFiles } from './definition-files';

/**
 * Applies the definitions of SCHEMA_DIR at start (`./schema` when present). Changes that would
 * lose data are refused: the instance does not start, and says which.
 */
@Injectable()
export class SchemaFilesOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('SchemaFiles');

  constructor(
    private readonly registry: SchemaRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { path, explicit } = this.config.schemaDir;
    if (!explicit && !existsSync(path)) return;
    const files = readDefinitionFiles(path);
    if (files.length === 0) return;
    const changes = await this.registry.put(
      files.map((file) => file.definition),
      'upsert',
      { confirmed: false, actorId: null },
    );
    for (const change of changes) {
      this.logger.log(
        `${change.action} ${change.singularName} from ${path}: ${change.steps.join('; ') || 'definition only'}`,
      );
    }
  }
}
