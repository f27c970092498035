import { ProtectedApi } from '@shuji/observability';
import { Controller, Get, Inject, Query, Sse, type MessageEvent } from '@nestjs/common';
import { CurrentPrincipal, selfPatientId, type Principal } from '@shuji/access';
import type { ConsentCategory } from '@shuji/contracts';
import type { TwinForecast } from '@shuji/forecasting';
import type { TwinSummary } from '@shuji/twin';
import type { Observable } from 'rxjs';
import { TwinReadService } from './twin-read.service';
import { TwinController } from './twin.controller';

/** The patient app's view of its own twin: `/v1/me/twin`, its forecast and its live updates, for a patient's token. */
@Controller('v1/me/twin')
@ProtectedApi('Patient app (/v1/me)')
export class MeTwinController {
  constructor(
    @Inject(TwinController) private readonly twins: TwinController,
    @Inject(TwinReadService) private readonly reads: TwinReadService,
  ) {}

  /** The consent my twin applies per category (change it with PUT /v1/me/consent/:category). */
  @Get('consent')
  consent(@CurrentPrincipal() principal: Principal | undefined): Promise<Record<ConsentCategory, boolean>> {
    return this.twins.mapErrors(() => this.reads.consents(principal, selfPatientId(principal)));
  }

  @Get()
  get(@CurrentPrincipal() principal: Principal | undefined): Promise<TwinSummary> {
    return this.twins.get(principal, selfPatientId(principal));
  }

  @Get('forecast')
  forecast(
    @CurrentPrincipal() principal: Principal | undefined,
    @Query('code') code: string | undefined,
    @Query('horizon') horizon: string | undefined,
    @Query('horizon_min') horizonMin: string | undefined,
    @Query('horizon_days') horizonDays: string | undefined,
    @Query('method') method: string | undefined,
  ): Promise<TwinForecast> {
    return this.twins.forecast(principal, selfPatientId(principal), code, horizon, horizonMin, horizonDays, method);
  }

  @Sse('events')
  events(@CurrentPrincipal() principal: Principal | undefined): Promise<Observable<MessageEvent>> {
    return this.twins.events(principal, selfPatientId(principal));
  }
}
