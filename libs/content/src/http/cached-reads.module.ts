import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CachedReads } from './cached-reads.middleware';

/**
 * Mounts the cached-read shortcut. It is its own module, not part of the global ContentModule,
 * because Nest mounts the middleware of global modules first: this one must come after the
 * logger's, which gives every request its id and log line.
 */
@Module({})
export class CachedReadsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CachedReads).forRoutes({ path: 'api/*path', method: RequestMethod.GET });
  }
}
