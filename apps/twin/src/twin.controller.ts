import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Sse, UnprocessableEntityException, type MessageEvent } from '@nestjs/common';
import { interval, map, merge, type Observable } from 'rxjs';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProtectedApi } from '@shuji/observability';
import { ForecastUnavailableError, TwinNotFoundError, type TwinSummary } from '@shuji/twin';
import type { ForecastSpan, TwinForecast, TwinForecastMethod } from '@shuji/forecasting';
import { TwinReadService } from './twin-read.service';
import { TwinUpdateFeed } from './twin-update.feed';

/** A comment line this often keeps proxies from closing a quiet live view. */
const KEEPALIVE_MS = 25_000;

/** `horizon_min` (every 5 min, ≤ 1 day; default 60) or `horizon_days` (every day, ≤ 1 year, for weight, BP, INR). */
export function forecastSpan(horizonMin: string | undefined, horizonDays: string | undefined): ForecastSpan {
  if (horizonMin !== undefined && horizonDays !== undefined) throw new BadRequestException('horizon_min, horizon_days: give one of them');
  if (horizonDays !== undefined) {
    const days = Number(horizonDays);
    if (!Number.isInteger(days) || days <= 0 || days > 365) throw new BadRequestException('horizon_days: must be a whole number in [1, 365]');
    return { horizonDays: days };
  }
  const minutes = Number(horizonMin ?? 60);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) throw new BadRequestException('horizon_min: must be in (0, 1440]');
  return { horizonMin: minutes };
}

/** Twin read API: the twin's summary and its forecast of a reading (the hybrid with the FM by default). */
@Controller('v1/twins')
@ApiNotFoundResponse({ description: 'no twin for this patient (also when the patient is unknown)' })
@ProtectedApi('Twins')
export class TwinController {
  constructor(
    @Inject(TwinReadService) private readonly reads: TwinReadService,
    @Inject(TwinUpdateFeed) private readonly feed: TwinUpdateFeed,
  ) {}

  /** Server-Sent Events: `twin-updated` with the revision each time the twin changes, `ping` to keep the line open. */
  @Sse(':patientId/events')
  async events(@CurrentPrincipal() principal: Principal | undefined, @Param('patientId') patientId: string): Promise<Observable<MessageEvent>> {
    await this.reads.subscribe(principal, patientId);
    return merge(
      this.feed.revisionsOf(patientId).pipe(map((revision): MessageEvent => ({ type: 'twin-updated', data: { revision } }))),
      interval(KEEPALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }

  @Get(':patientId')
  @ApiOperation({ summary: 'The twin\'s summary: state, parameters, last update (audited)' })
  @ApiOkResponse({ description: 'TwinSummary' })
  async get(@CurrentPrincipal() principal: Principal | undefined, @Param('patientId') patientId: string): Promise<TwinSummary> {
    return this.mapErrors(() => this.reads.summary(principal, patientId));
  }

  @Get(':patientId/forecast')
  @ApiOperation({ summary: 'Forecast a reading every 5 min up to the horizon (audited)' })
  @ApiQuery({ name: 'code', required: true, description: 'LOINC code, e.g. 99504-3' })
  @ApiQuery({ name: 'horizon_min', required: false, description: 'minutes ahead, (0, 1440]; default 60' })
  @ApiQuery({ name: 'method', required: false, enum: ['hybrid', 'twin'], description: 'default hybrid (twin + foundation model)' })
  @ApiOkResponse({ description: 'TwinForecast: times, median and intervals' })
  @ApiUnprocessableEntityResponse({ description: 'this twin cannot forecast that code' })
  async forecast(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('patientId') patientId: string,
    @Query('code') code: string | undefined,
    @Query('horizon_min') horizonMin: string | undefined,
    @Query('horizon_days') horizonDays: string | undefined,
    @Query('method') method: string | undefined,
  ): Promise<TwinForecast> {
    if (code === undefined || code === '') throw new BadRequestException('code: give a LOINC code, e.g. 99504-3');
    const chosen = method ?? 'hybrid';
    if (chosen !== 'hybrid' && chosen !== 'twin') throw new BadRequestException('method: must be hybrid or twin');
    return this.mapErrors(() => this.reads.forecast(principal, patientId, code, forecastSpan(horizonMin, horizonDays), chosen as TwinForecastMethod));
  }

  /** Domain errors of a twin read as HTTP answers (404 no twin, 422 no forecast). */
  async mapErrors<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof TwinNotFoundError) throw new NotFoundException(err.message);
      if (err instanceof ForecastUnavailableError) throw new UnprocessableEntityException(err.message);
      throw err;
    }
  }
}
