import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@shuji/access';
import { ProtectedApi } from '@shuji/observability';
import type { HealthPlan } from '@shuji/recommend';
import { HealthPlansService } from './health-plans.service';
import { mapRecommendErrors } from './recommend-errors.util';

/** The decorators both health-plan routes share (the patient app's and the clinician's). */
export function HealthPlanAnswers(): MethodDecorator {
  return (target, key, descriptor) => {
    ApiQuery({ name: 'utc_offset', required: false, description: 'the person’s clock, "Z" (default) or "±HH:MM"' })(target, key, descriptor);
    ApiQuery({ name: 'format', required: false, enum: ['json', 'fhir'], description: '`fhir`: the plan as a FHIR R4 CarePlan with contained Goals' })(target, key, descriptor);
    ApiOkResponse({ description: 'the plan: targets (with where the person stands), actions with their simulated effect, actions not offered and why' })(target, key, descriptor);
    ApiBadRequestResponse({ description: 'a bad query parameter, named in `field`' })(target, key, descriptor);
    ApiNotFoundResponse({ description: 'the person has no twin' })(target, key, descriptor);
    ApiUnprocessableEntityResponse({ description: 'the twin has no state yet' })(target, key, descriptor);
  };
}

/**
 * A person's health-management plan for the clinician (issue 15 item 3): personal targets and concrete actions, each
 * simulated on the twin before it is offered; nothing is applied (GET: computed once per twin revision, audited).
 */
@Controller('v1')
@ProtectedApi('Health-management plans')
export class HealthPlansController {
  constructor(@Inject(HealthPlansService) private readonly plans: HealthPlansService) {}

  @Get('patients/:patientId/health-plan')
  @ApiOperation({ summary: "A person's health-management plan from their twin: targets, actions with predicted effects (audited)" })
  @HealthPlanAnswers()
  plan(@CurrentPrincipal() principal: Principal | undefined, @Param('patientId') patientId: string, @Query() query: Record<string, unknown>): Promise<HealthPlan | Record<string, unknown>> {
    return mapRecommendErrors(() => this.plans.plan(principal, patientId, query));
  }
}
