import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { DevIssuer } from '@shuji/access';
import { TransientHttpInterceptor } from '@shuji/messaging';
import { DevIssuerController } from './dev-issuer.controller';
import { DEV_ISSUER, DevTokenService } from './dev-token.service';
import { DeviceIngestController } from './device-ingest.controller';
import { FhirController } from './fhir.controller';
import { FhirFallbackController } from './fhir-fallback.controller';
import { MeController } from './me.controller';
import { PanelController } from './panel.controller';
import { IngestRequestService } from './ingest-request.service';
import { ObservationQueryService } from './observation-query.service';

/**
 * The HTTP edge. The caller provides the bindings (EventPublisher, OBSERVATION_READER, PATIENT_DIRECTORY) and
 * a global AccessModule (the token registry), so the same module serves the scale-out gateway and the embedded platform.
 * Given `devIssuer` (the embedded platform in development only), it also serves the development token issuer.
 */
@Module({})
export class GatewayModule {
  static register(extraProviders: Provider[] = [], devIssuer?: DevIssuer): DynamicModule {
    const dev = devIssuer === undefined ? { controllers: [], providers: [] } : { controllers: [DevIssuerController], providers: [{ provide: DEV_ISSUER, useValue: devIssuer }, DevTokenService] };
    return {
      module: GatewayModule,
      controllers: [FhirController, DeviceIngestController, PanelController, MeController, ...dev.controllers, FhirFallbackController],
      providers: [IngestRequestService, ObservationQueryService, { provide: APP_INTERCEPTOR, useClass: TransientHttpInterceptor }, ...dev.providers, ...extraProviders],
      exports: [IngestRequestService],
    };
  }
}
