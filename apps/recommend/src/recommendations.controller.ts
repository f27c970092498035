import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ProtectedApi } from '@shuji/observability';
import { RECOMMENDATION_DECISION_SCHEMA, RECOMMENDATION_REQUEST_SCHEMA } from '@shuji/recommend';
import { JsonBody, StoredAnswers } from './openapi.decorators';
import { RECOMMENDATION_LIST_SCHEMA, RECOMMENDATION_VIEW_SCHEMA, RERUN_VIEW_SCHEMA } from './recommendation-view.schema';
import { mapRecommendErrors } from './recommend-errors.util';
import { RecommendationsService, type RecommendationView, type RerunView } from './recommendations.service';

/** Stored recommendations with provenance, their re-run and a clinician's decision (issue 15). Routing only. */
@Controller('v1')
@ProtectedApi('Recommendations')
export class RecommendationsController {
  constructor(@Inject(RecommendationsService) private readonly recommendations: RecommendationsService) {}

  @Post('recommendations')
  @ApiOperation({ summary: 'Compute and store a recommendation with its provenance ({ kind: warfarin-dose | weight-plan, patient_id?, inputs })' })
  @JsonBody(RECOMMENDATION_REQUEST_SCHEMA)
  @StoredAnswers({ status: 201, description: 'the stored recommendation: id, headline, inputs, output, provenance, status', schema: RECOMMENDATION_VIEW_SCHEMA }, { badField: true, unprocessable: 'patient_id names no patient Shuji knows (`field`: patient_id); nothing is stored' })
  create(@CurrentPrincipal() principal: Principal | undefined, @Body() body: unknown): Promise<RecommendationView> {
    return mapRecommendErrors(() => this.recommendations.create(principal, body));
  }

  @Get('recommendations/:id')
  @ApiOperation({ summary: 'A stored recommendation: inputs, output, provenance, decisions' })
  @StoredAnswers({ status: 200, description: 'the stored recommendation', schema: RECOMMENDATION_VIEW_SCHEMA }, { notFound: 'no such recommendation' })
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
  @StoredAnswers({ status: 200, description: 'newest first (empty when there are none)', schema: RECOMMENDATION_LIST_SCHEMA })
  list(@CurrentPrincipal() principal: Principal | undefined, @Param('patientId') patientId: string): Promise<RecommendationView[]> {
    return mapRecommendErrors(() => this.recommendations.listForPatient(principal, patientId));
  }

  @Post('recommendations/:id/rerun')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-run a stored recommendation on its stored inputs; reproduced: true when the output is identical' })
  @StoredAnswers(
    { status: 200, description: 'a re-run on a twin runs in this request, within 2 minutes (503 with Retry-After when the simulations are too busy)', schema: RERUN_VIEW_SCHEMA },
    { notFound: 'no such recommendation' },
  )
  rerun(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string): Promise<RerunView> {
    return mapRecommendErrors(() => this.recommendations.rerun(principal, id));
  }

  @Post('recommendations/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'A clinician accepts or overrides (with a reason) a recommendation; recorded and audited, nothing applied' })
  @JsonBody(RECOMMENDATION_DECISION_SCHEMA)
  @StoredAnswers({ status: 200, description: 'the recommendation with the decision', schema: RECOMMENDATION_VIEW_SCHEMA }, { badField: true, notFound: 'no such recommendation' })
  decide(@CurrentPrincipal() principal: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<RecommendationView> {
    return mapRecommendErrors(() => this.recommendations.decide(principal, id, body));
  }
}
