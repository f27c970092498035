import { MeController } from './me.controller';
import { PanelController } from './panel.controller';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TransientHttpInterceptor } from '@shuji/messaging';
import { DeviceIngestController } from './device-ingest.controller';
import { FhirController } from './fhir.controller';
import { FhirFallbackController } from './fhir-fallback.controller';
import { HealthController } from './health.controller';
import { IngestRequestService } from './ingest-request.service';
import { ObservationQueryService } from './observation-query.service';

/**
 * The HTTP edge. The caller provides the bindings (EventPublisher, OBSERVATION_READER, PATIENT_DIRECTORY,
 * READINESS) and a global AccessModule (the token registry), so the same module serves the scale-out gateway and the embedded platform.
 */
@Module({})
export class GatewayModule {
  static register(extraProviders: Provider[] = []): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [FhirController, DeviceIngestController, PanelController, MeController, HealthController, FhirFallbackController],
      providers: [IngestRequestService, ObservationQueryService, { provide: APP_INTERCEPTOR, useClass: TransientHttpInterceptor }, ...extraProviders],
      exports: [IngestRequestService],
    };
  }
}
