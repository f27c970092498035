// What apps/platform, the e2e tests and the benches compose; nothing else of the gateway is imported from outside it.
export { GatewayAppModule } from './gateway-app.module';
export { GatewayModule } from './gateway.module';
export { gatewayBindings, persistenceBindings } from './persistence-bindings';
export { ReadinessState } from '@shuji/observability';
export { IngestRequestService } from './ingest-request.service';
export { jsonBodyMiddleware } from './http-body.middleware';
