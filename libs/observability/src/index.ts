export * from './tracing/start-tracing';
export * from './logging/logger';
export * from './metrics/metrics.controller';
export * from './metrics/http-metrics';
export * from './health/health-registry';
export * from './health/health.controller';
export * from './observability.module';
