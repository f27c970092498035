import { BadRequestException, Controller, Get, Inject, Query, UseFilters, UseGuards } from '@nestjs/common';
import { AccessExceptionFilter, BearerAuthGuard, CurrentPrincipal, RateLimitGuard, type Principal } from '@shuji/access';
import { ObservationQueryService, type PanelPatient } from './observation-query.service';

/** The clinician's panel: `GET /v1/patients?window_hours=24`, every patient in the caller's scope with data. */
@Controller('v1/patients')
@UseGuards(BearerAuthGuard, RateLimitGuard)
@UseFilters(AccessExceptionFilter)
export class PanelController {
  constructor(@Inject(ObservationQueryService) private readonly observations: ObservationQueryService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal | undefined, @Query('window_hours') windowHours: string | undefined): Promise<PanelPatient[]> {
    const hours = Number(windowHours ?? 24);
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90) throw new BadRequestException('window_hours: a whole number of hours in [1, 2160]');
    return this.observations.panel(principal, hours);
  }
}
