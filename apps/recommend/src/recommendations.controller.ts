import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ProtectedApi } from '@shuji/observability';
import { RECOMMENDATION_DECISION_SCHEMA, RECOMMENDATION_REQUEST_SCHEMA } from '@shuji/recommend';
import { JsonBody, StoredAnswers } from './openapi.decorators';
import { mapRecommendErrors } from './recommend-errors.util';
import type { Response } from 'express';
import { RecommendationsService, type RecommendationView, type RerunView } from './recommendations.service';
import { RerunTimedOutError } from './simulation-jobs.service';

/** Stored recommendations with provenance, their re-run and a clinician's decision (issue 15). Routing only. */
@Controller('v1')
@ProtectedApi('Recommendations')
export class RecommendationsController {
  constructor(@Inject(RecommendationsService) private readonly recommendations: RecommendationsService) {}

  @Post('recommendations')
  @ApiOperation({ summary: 'Compute and store a recommendation with its provenance ({ kind: warfarin-dose | weight-plan, patient_id?, inputs })' })
  @JsonBody(RECOMMENDATION_REQUEST_SCHEMA)
  @StoredAnswers({ status: 201, description: 'RecommendationView: id, headline, inputs, output, provenance, status' }, { badField: true, unprocessable: 'patient_id names no patient Shuji knows (`field`: patient_id); nothing is stored' })
  create(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown): Promise<RecommendationView> {
    return mapRecommendErrors(() => this.recommendations.create(principal, body));
  }

  @Get('recommendations/:id')
  @ApiOperation({ summary: 'A stored recommendation: inputs, output, provenance, decisions' })
  @StoredAnswers({ status: 200, description: 'RecommendationView' }, { notFound: 'no such recommendation' })
  get(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<RecommendationView> {
    return mapRecommendErrors(() => this.recommendations.get(principal, id));
  }

  @Get('recommendations/:id/provenance')
  @ApiOperation({ summary: 'What a stored recommendation rests on, as a FHIR R4 Provenance' })
  @StoredAnswers({ status: 200, description: 'a FHIR R4 Provenance resource' }, { notFound: 'no such recommendation' })
  provenance(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<Readonly<Record<string, unknown>>> {
    return mapRecommendErrors(() => this.recommendations.provenance(principal, id));
  }

  @Get('patients/:patientId/recommendations')
  @ApiOperation({ summary: "A patient's stored recommendations, newest first" })
  @StoredAnswers({ status: 200, description: 'RecommendationView[] (empty when there are none)' })
  list(@CurrentPrincipal() principal: Principal | undefined, @Param('patientId') patientId: string): Promise<RecommendationView[]> {
    return mapRecommendErrors(() => this.recommendations.listForPatient(principal, patientId));
  }

  @Post('recommendations/:id/rerun')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-run a stored recommendation on its stored inputs; reproduced: true when the output is identical' })
  @StoredAnswers(
    { status: 200, description: '{ reproduced, differences, output }; a re-run on a twin runs in this request, within 2 minutes (503 with Retry-After when the simulations are too busy)' },
    { notFound: 'no such recommendation' },
  )
  rerun(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<RerunView> {
    return mapRecommendErrors(async () => {
      try {
        return await this.recommendations.rerun(principal, id);
      } catch (err) {
        if (err instanceof RerunTimedOutError) res.set('Retry-After', '30');
        throw err;
      }
    });
  }

  @Post('recommendations/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'A clinician accepts or overrides (with a reason) a recommendation; recorded and audited, nothing applied' })
  @JsonBody(RECOMMENDATION_DECISION_SCHEMA)
  @StoredAnswers({ status: 200, description: 'RecommendationView with the decision' }, { badField: true, notFound: 'no such recommendation' })
  decide(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<RecommendationView> {
    return mapRecommendErrors(() => this.recommendations.decide(principal, id, body));
  }
}
