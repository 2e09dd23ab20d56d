import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SchemaRegistry, type ContentType } from '@cms/schema';
import { FILE_TYPE, FOLDER_TYPE } from '@cms/schema';
import { FILE_DEFINITION, FOLDER_DEFINITION } from './media-types';

/**
 * Installs (or brings up to date) the file and folder types at start, through the registry like
 * any definition: their tables are planned and applied under its lock, once across instances.
 */
@Injectable()
export class MediaTypes implements OnModuleInit {
  constructor(private readonly registry: SchemaRegistry) {}

  async onModuleInit(): Promise<void> {
    await this.registry.put([FOLDER_DEFINITION, FILE_DEFINITION], 'upsert', { confirmed: false, system: true });
  }

  get file(): ContentType {
    return this.registry.get(FILE_TYPE)!;
  }

  get folder(): ContentType {
    return this.registry.get(FOLDER_TYPE)!;
  }
}
