export { MetricsModule } from './metrics.module';
export { MetricsService } from './metrics.service';
export { httpMetrics, metricsEndpoint } from './http-metrics';
