import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { RequestLimitsModule } from '@cms/access';
import { IdentityModule } from '@cms/identity';
import { SchemaModule } from '@cms/schema';
import { ContentModule } from '../content.module';
import { CachedReads } from './cached-reads.middleware';

/**
 * Mounts the cached-read shortcut, in a module of its own that the API imports after the
 * ContentModule: its middleware must come after the logger's (core's, mounted first), which
 * gives every request its id and log line. The CLI has no HTTP and does not import it.
 */
@Module({ imports: [ContentModule, IdentityModule, SchemaModule, RequestLimitsModule] })
export class CachedReadsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CachedReads).forRoutes({ path: 'api/*path', method: RequestMethod.GET });
  }
}
