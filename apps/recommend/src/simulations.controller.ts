import { ProtectedApi } from '@shuji/observability';
import { Body, Controller, Delete, Get, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { OPTIMISE_REQUEST_SCHEMA, WHAT_IF_REQUEST_SCHEMA } from '@shuji/recommend';
import { JobAnswers, JsonBody } from './openapi.decorators';
import type { Response } from 'express';
import { mapRecommendErrors } from './recommend-errors.util';
import { SIMULATION_JOB_SCHEMA } from './simulation-job.schema';
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
  @ApiOperation({ summary: "What-if: the twin's posterior ensemble run forward under each arm with common random numbers (audited)" })
  @JsonBody(WHAT_IF_REQUEST_SCHEMA)
  @JobAnswers()
  async start(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('patientId') patientId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SimulationJobView> {
    return answer(await mapRecommendErrors(() => this.jobs.start(principal, patientId, body)), res);
  }

  /**
   * A settings recommendation (issue 15 items 2 and 5): the same jobs, its result the ranked options, stored as a
   * recommendation (`recommendation_id`) with the twin it rests on; nothing is applied.
   */
  @Post('twins/:patientId/recommendations/:kind')
  @ApiOperation({ summary: 'Ranked settings options under hard limits (`kind`: t1d-settings), stored with their provenance for a decision and a re-run; nothing is applied (audited)' })
  @JsonBody(OPTIMISE_REQUEST_SCHEMA)
  @JobAnswers()
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
  @ApiOperation({ summary: 'A simulation job: status, progress 0–1, then the result (audited)' })
  @ApiOkResponse({ description: 'the job', schema: SIMULATION_JOB_SCHEMA as object })
  @ApiNotFoundResponse({ description: 'no such job (or it expired after an hour)' })
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<SimulationJobView> {
    return mapRecommendErrors(() => this.jobs.get(principal, id));
  }

  @Delete('simulations/:id')
  @ApiOperation({ summary: 'Cancel a simulation job (audited)' })
  @ApiOkResponse({ description: 'the job, cancelled (or as it ended)', schema: SIMULATION_JOB_SCHEMA as object })
  @ApiNotFoundResponse({ description: 'no such job' })
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
