import { ProtectedApi } from '@shuji/observability';
import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ObservationQueryService, type PanelPatient } from './observation-query.service';

/** The clinician's panel: `GET /v1/patients?window_hours=24`, every patient in the caller's scope with data. */
@Controller('v1/patients')
@ProtectedApi('Clinician panel')
export class PanelController {
  constructor(@Inject(ObservationQueryService) private readonly observations: ObservationQueryService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal | undefined, @Query('window_hours') windowHours: string | undefined): Promise<PanelPatient[]> {
    const hours = Number(windowHours ?? 24);
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90) throw new BadRequestException('window_hours: a whole number of hours in [1, 2160]');
    return this.observations.panel(principal, hours);
  }
}
