import { Global, Module, type DynamicModule } from '@nestjs/common';
import { METRICS_SERVED, MetricsService } from './metrics.service';

/** The metrics registry for every lib; METRICS_PORT only where `serve` (the API, which also answers `/metrics`). */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(serve: boolean): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS_SERVED, useValue: serve }, MetricsService],
      exports: [MetricsService],
    };
  }
}
