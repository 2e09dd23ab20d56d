export { MetricsModule } from './metrics.module';
export { MetricsService } from './metrics.service';
export { httpMetrics, metricsEndpoint, ROUTE_TEMPLATE } from './http-metrics';
