import { Module } from '@nestjs/common';
import { AccessModule } from '@cms/access';
import { SchemaModule } from '@cms/schema';
import { ComponentsController } from './components.controller';
import { ContentTypesController } from './content-types.controller';
import { LocalesController } from './locales.controller';

/**
 * The admin HTTP controllers that sit above schema and access: `/admin/content-types`,
 * `/admin/components` and `/admin/locales` (the schema lib knows no HTTP and no permissions; this module puts it behind them).
 */
@Module({
  imports: [SchemaModule, AccessModule],
  controllers: [ContentTypesController, ComponentsController, LocalesController],
})
export class AdminModule {}
