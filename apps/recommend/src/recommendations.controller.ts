import { ProtectedApi } from '@shuji/observability';
import { Body, Controller, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import type { Response } from 'express';
import { SimulationJobsService, type SimulationJobView } from './simulation-jobs.service';
import { mapErrors } from './simulations.controller';

/**
 * Settings recommendations of a twin (issue 15, item 2): POST answers 200 with the ranked options when the search ends
 * within about a second, else 202 with `Location: /v1/simulations/:id` (the same jobs as what-ifs: GET reads progress
 * and result, DELETE cancels). Nothing is applied. The request's format and the kinds: libs/recommend
 * (`parseOptimiseRequest`, the OptimiseRegistry).
 */
@Controller('v1')
@ProtectedApi('Recommendations')
export class RecommendationsController {
  constructor(@Inject(SimulationJobsService) private readonly jobs: SimulationJobsService) {}

  @Post('twins/:patientId/recommendations/:kind')
  async start(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('patientId') patientId: string,
    @Param('kind') kind: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SimulationJobView> {
    const job = await mapErrors(() => this.jobs.recommend(principal, patientId, kind, body));
    if (job.status === 'queued' || job.status === 'running') res.status(HttpStatus.ACCEPTED).location(`/v1/simulations/${job.id}`);
    else res.status(HttpStatus.OK);
    return job;
  }
}
