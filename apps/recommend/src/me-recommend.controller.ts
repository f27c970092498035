import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, selfPatientId, type Principal } from '@shuji/access';
import { ProtectedApi } from '@shuji/observability';
import { WHAT_IF_REQUEST_SCHEMA, type HealthPlan } from '@shuji/recommend';
import { HealthPlanAnswers } from './health-plans.controller';
import { HealthPlansService } from './health-plans.service';
import { JobAnswers, JsonBody, StoredAnswers } from './openapi.decorators';
import { RECOMMENDATION_LIST_SCHEMA } from './recommendation-view.schema';
import type { Response } from 'express';
import { mapRecommendErrors } from './recommend-errors.util';
import { RecommendationsService, type RecommendationView } from './recommendations.service';
import { SimulationsController } from './simulations.controller';
import type { SimulationJobView } from './simulation-jobs.service';

/**
 * The patient app's plan and what-ifs (issue 16): `/v1/me/recommendations` (my plan: the recommendations stored for me,
 * with the clinician's decisions), `/v1/me/health-plan` (my targets and the actions my twin predicts would help,
 * issue 15 item 3) and `POST /v1/me/simulations` (a what-if on my own twin, then `GET /v1/simulations/:id`). The patient is the token's; the same services, checks and audit as the clinician's routes.
 */
@Controller('v1/me')
@ProtectedApi('Patient app (/v1/me)')
export class MeRecommendController {
  constructor(
    @Inject(RecommendationsService) private readonly recommendations: RecommendationsService,
    @Inject(SimulationsController) private readonly simulations: SimulationsController,
    @Inject(HealthPlansService) private readonly healthPlans: HealthPlansService,
  ) {}

  @Get('health-plan')
  @ApiOperation({ summary: 'My health-management plan: my targets, where I stand, and actions my twin predicts would help (audited)' })
  @HealthPlanAnswers()
  healthPlan(@CurrentPrincipal() principal: Principal | undefined, @Query() query: Record<string, unknown>): Promise<HealthPlan | Record<string, unknown>> {
    return mapRecommendErrors(() => this.healthPlans.plan(principal, selfPatientId(principal), query));
  }

  @Get('recommendations')
  @ApiOperation({ summary: 'My plan: the recommendations stored for me, newest first, with the decisions on them (audited)' })
  @StoredAnswers({ status: 200, description: 'newest first (empty when there are none)', schema: RECOMMENDATION_LIST_SCHEMA })
  plan(@CurrentPrincipal() principal: Principal | undefined): Promise<RecommendationView[]> {
    return mapRecommendErrors(() => this.recommendations.listForPatient(principal, selfPatientId(principal)));
  }

  @Post('simulations')
  @ApiOperation({ summary: 'A what-if on my twin (200 with the result within about a second, else 202 with its job)' })
  @JsonBody(WHAT_IF_REQUEST_SCHEMA)
  @JobAnswers()
  simulate(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<SimulationJobView> {
    return this.simulations.start(principal, selfPatientId(principal), body, res);
  }
}
