import { ProtectedApi } from '@shuji/observability';
import { Body, Controller, Delete, Get, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import type { Response } from 'express';
import { mapRecommendErrors } from './recommend-errors.util';
import { SimulationJobsService, type SimulationJobView } from './simulation-jobs.service';

/**
 * What-if simulations and settings recommendations of a twin (issue 15): POST answers 200 with the result when the
 * run ends within about a second, else 202 with `Location: /v1/simulations/:id`; GET reads the job (progress 0–1,
 * then the result), DELETE cancels it. The request's format and the plug-ins: libs/recommend (`parseWhatIfRequest`).
 */
@Controller('v1')
@ProtectedApi('What-if simulations')
export class SimulationsController {
  constructor(@Inject(SimulationJobsService) private readonly jobs: SimulationJobsService) {}

  @Post('twins/:patientId/simulations')
  async start(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('patientId') patientId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SimulationJobView> {
    return answer(await mapRecommendErrors(() => this.jobs.start(principal, patientId, body)), res);
  }

  /** A settings recommendation (issue 15 item 2): the same jobs, its result the ranked options; nothing is applied. */
  @Post('twins/:patientId/recommendations/:kind')
  async recommend(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('patientId') patientId: string,
    @Param('kind') kind: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SimulationJobView> {
    return answer(await mapRecommendErrors(() => this.jobs.recommend(principal, patientId, kind, body)), res);
  }

  @Get('simulations/:id')
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<SimulationJobView> {
    return mapRecommendErrors(() => this.jobs.get(principal, id));
  }

  @Delete('simulations/:id')
  cancel(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<SimulationJobView> {
    return mapRecommendErrors(() => this.jobs.cancel(principal, id));
  }
}

/** 200 with a finished job, else 202 with its Location. */
function answer(job: SimulationJobView, res: Response): SimulationJobView {
  if (job.status === 'queued' || job.status === 'running') res.status(HttpStatus.ACCEPTED).location(`/v1/simulations/${job.id}`);
  else res.status(HttpStatus.OK);
  return job;
}
