import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Sse, UnprocessableEntityException, type MessageEvent } from '@nestjs/common';
import { interval, map, merge, type Observable } from 'rxjs';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProtectedApi } from '@shuji/observability';
import { isoDurationHasTime, isoDurationMinutes } from '@shuji/contracts';
import { ForecastUnavailableError, TwinNotFoundError, type TwinSummary } from '@shuji/twin';
import type { ForecastSpan, TwinForecast, TwinForecastMethod } from '@shuji/forecasting';
import { TwinReadService } from './twin-read.service';
import { TwinUpdateFeed } from './twin-update.feed';

/** A comment line this often keeps proxies from closing a quiet live view. */
const KEEPALIVE_MS = 25_000;

/** The longest forecast: a year of daily points (weight, blood pressure, INR). */
const MAX_HORIZON_DAYS = 365;

/**
 * The forecast's grid from the query: `horizon` as an ISO 8601 duration (`P90D`: a point a day; `PT2H`: a point every
 * 5 min, up to a day), or the older `horizon_min` (every 5 min, ≤ 1 day; default 60) or `horizon_days` (every day).
 */
export function forecastSpan(horizon: string | undefined, horizonMin: string | undefined, horizonDays: string | undefined): ForecastSpan {
  if ([horizon, horizonMin, horizonDays].filter((h) => h !== undefined).length > 1) throw new BadRequestException('horizon, horizon_min, horizon_days: give one of them');
  if (horizon !== undefined) {
    const minutes = isoDurationMinutes(horizon);
    if (minutes === undefined || minutes === 0) throw new BadRequestException('horizon: must be an ISO 8601 duration of weeks, days, hours or minutes, e.g. P90D or PT2H');
    if (isoDurationHasTime(horizon)) {
      if (minutes > 24 * 60) throw new BadRequestException('horizon: a duration with hours or minutes must be at most PT24H (a point every 5 min); give whole days, e.g. P90D, for longer');
      return { horizonMin: minutes };
    }
    if (minutes > MAX_HORIZON_DAYS * 1440) throw new BadRequestException(`horizon: must be at most P${MAX_HORIZON_DAYS}D`);
    return { horizonDays: minutes / 1440 };
  }
  if (horizonDays !== undefined) {
    const days = Number(horizonDays);
    if (!Number.isInteger(days) || days <= 0 || days > MAX_HORIZON_DAYS) throw new BadRequestException(`horizon_days: must be a whole number in [1, ${MAX_HORIZON_DAYS}]`);
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
  @ApiQuery({ name: 'horizon', required: false, description: 'ISO 8601 duration: P90D (a point a day, up to P365D) or PT2H (every 5 min, up to PT24H)' })
  @ApiQuery({ name: 'horizon_min', required: false, description: 'minutes ahead, (0, 1440]; default 60' })
  @ApiQuery({ name: 'horizon_days', required: false, description: 'days ahead, [1, 365], a point a day' })
  @ApiQuery({ name: 'method', required: false, enum: ['hybrid', 'twin'], description: 'default hybrid (twin + foundation model)' })
  @ApiOkResponse({ description: 'TwinForecast: times, median and intervals' })
  @ApiUnprocessableEntityResponse({ description: 'this twin cannot forecast that code' })
  async forecast(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('patientId') patientId: string,
    @Query('code') code: string | undefined,
    @Query('horizon') horizon: string | undefined,
    @Query('horizon_min') horizonMin: string | undefined,
    @Query('horizon_days') horizonDays: string | undefined,
    @Query('method') method: string | undefined,
  ): Promise<TwinForecast> {
    if (code === undefined || code === '') throw new BadRequestException('code: give a LOINC code, e.g. 99504-3');
    const chosen = method ?? 'hybrid';
    if (chosen !== 'hybrid' && chosen !== 'twin') throw new BadRequestException('method: must be hybrid or twin');
    return this.mapErrors(() => this.reads.forecast(principal, patientId, code, forecastSpan(horizon, horizonMin, horizonDays), chosen as TwinForecastMethod));
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
