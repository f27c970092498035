export * from './health.controller';
export * from './http-metrics.middleware';
export * from './metrics.controller';
export * from './observability.module';
export * from './readiness.state';
export * from './route-template.util';
export * from './shuji-metrics';
export * from './openapi.util';
