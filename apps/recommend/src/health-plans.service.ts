import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ACCESS_AUDIT, auditedRead, Permission, requireAccess, type AccessAudit, type Principal } from '@shuji/access';
import { buildHealthPlan, HEALTH_PLAN_SEED, healthPlanCarePlan, parseHealthPlanQuery, RecommendInputError, WhatIfUnavailableError, type HealthPlan, type WhatIfRegistry } from '@shuji/recommend';
import { frozenTwinView, summariseTwin, TwinNotFoundError, TwinService } from '@shuji/twin';
import { SimulationJobsService, WHAT_IF_REGISTRY } from './simulation-jobs.service';

/** Plans kept, by patient, twin revision and clock (least recently used out). */
const CACHE_SIZE = 256;

const outcomeOf = (err: unknown): string =>
  err instanceof TwinNotFoundError ? 'not-found' : err instanceof RecommendInputError ? 'invalid' : err instanceof WhatIfUnavailableError ? 'unavailable' : 'error';

/**
 * Health-management plans (issue 15 item 3) of a person's twin, for the patient app (`/v1/me/health-plan`) and the
 * clinician (`/v1/patients/:patientId/health-plan`): access checked first, every read audited (`read-health-plan`),
 * computed once per twin revision and clock (the seed is fixed) in the what-if jobs' run slots, with what it rests on (the
 * twin's revision, component models and observations). Nothing is stored or applied.
 */
@Injectable()
export class HealthPlansService {
  private readonly cache = new Map<string, HealthPlan>();

  constructor(
    @Inject(TwinService) private readonly twins: TwinService,
    @Inject(WHAT_IF_REGISTRY) private readonly registry: WhatIfRegistry,
    @Inject(SimulationJobsService) private readonly jobs: SimulationJobsService,
    @Optional() @Inject(ACCESS_AUDIT) private readonly audit?: AccessAudit,
  ) {}

  async plan(principal: Principal | undefined, patientId: string, query: Readonly<Record<string, unknown>>): Promise<HealthPlan | Record<string, unknown>> {
    requireAccess(principal, Permission.TwinRead, patientId);
    const entry = { actor: principal.id, action: 'read-health-plan', patientId, resource: `Patient/${patientId}/health-plan` };
    return auditedRead(
      this.audit,
      entry,
      async () => {
        const { utcOffsetMin, format } = parseHealthPlanQuery(query);
        const plan = await this.compute(patientId, utcOffsetMin);
        return format === 'fhir' ? healthPlanCarePlan(plan, randomUUID()) : plan;
      },
      outcomeOf,
    );
  }

  private async compute(patientId: string, utcOffsetMin: number): Promise<HealthPlan> {
    const live = await this.twins.get(patientId);
    // the revision and the copy read in one turn of the event loop: the plan is of that revision
    const key = `${patientId}\u0000${live.revision}\u0000${utcOffsetMin}`;
    const kept = this.cache.get(key);
    if (kept !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, kept);
      return kept;
    }
    const twin = frozenTwinView(live);
    const summary = summariseTwin(live);
    const restsOn = { twin_revision: live.revision, components: summary.components.map((c) => c.id), observations: summary.dataCoverage };
    // in the what-if jobs' run slots: plans and simulations together never run more than their limit at once
    const plan = { ...(await this.jobs.inRunSlot(() => buildHealthPlan(twin, this.registry, { seed: HEALTH_PLAN_SEED, utcOffsetMin }))), rests_on: restsOn };
    this.cache.set(key, plan);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return plan;
  }
}
