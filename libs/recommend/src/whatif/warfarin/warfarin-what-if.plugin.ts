/**
 * The warfarin what-if plug-in: the twin's posterior ensemble of AnticoagulationComponent (@shuji/twin: the Hamberg
 * 2007 S-warfarin PK/PD, Clin Pharmacol Ther 2007;81:529–538, with the twin's exposure disturbance) run forward a day
 * at a time with the component's own propagation under each arm's doses, the INR read at each day's end. A change
 * (`warfarin-dose`) is a daily dose, or a weekly one taken as a seventh each day, from its start to its end (0 holds
 * the drug), with the share of doses taken when stated; the doses before it are the log's, and the current regimen
 * (an open prescription, else the last 14 days' recorded doses) continues where no change is in force
 * (drugs/drug-regimen.ts). Limit: at most 15 mg a day (105 mg a week): the label's maintenance doses are 2–10 mg a day
 * (Coumadin prescribing information, Bristol-Myers Squibb), a few people need more; beyond 15 mg the twin, fitted to
 * usual doses, is not trusted. Common random numbers: member j's disturbance draws come from seededRandom(patient,
 * seed, j, 'warfarin'), one a day in every arm.
 */
import { seededRandom } from '@shuji/stats';
import { AnticoagulationComponent, WARFARIN_ATC, type EnsembleComponent } from '@shuji/twin';
import { RecommendInputError } from '../../shared/recommend-input.error';
import { currentRegimen, memberDoses, parseDoseChange } from '../drugs/drug-regimen';
import { MemberByMemberArm } from '../parts/member-arm';
import type { PlanContribution, PreparedWhatIf, WhatIfContext, WhatIfPlugin, WhatIfRequest, WhatIfTwin } from '../what-if-plugin';
import { WARFARIN_OUTCOMES, warfarinOutcomes } from './warfarin-outcomes';
import { inrReadings, recentTtr, warfarinPlanSuggestions, warfarinPlanTargets } from './warfarin-plan';

export const WARFARIN_MAX_MG_PER_DAY = 15;
const DAY_MIN = 1440;

export class WarfarinWhatIfPlugin implements WhatIfPlugin {
  readonly id = 'warfarin';
  readonly changeKinds = ['warfarin-dose'];
  readonly outcomes = WARFARIN_OUTCOMES;

  parseChange(kind: string, body: Readonly<Record<string, unknown>>, field: string): unknown {
    if (kind !== 'warfarin-dose') throw new RecommendInputError(`${field}.kind`, 'is not a warfarin change (warfarin-dose)');
    return parseDoseChange(body, field, WARFARIN_MAX_MG_PER_DAY, true);
  }

  appliesTo(component: EnsembleComponent): boolean {
    return component instanceof AnticoagulationComponent;
  }

  prepare(twin: WhatIfTwin, request: WhatIfRequest, context: WhatIfContext): PreparedWhatIf {
    const component = twin.component as AnticoagulationComponent;
    const members = twin.ensemble.map((m) => Float64Array.from(m));
    const startMin = context.startMs / 60_000;
    const endMin = startMin + context.horizonMin;
    const regimen = currentRegimen(twin.events, WARFARIN_ATC, context.startMs, context.utcOffsetMin);
    const inr = (m: Float64Array): number => component.observe(m, component.explains[0].loinc) ?? Number.NaN;
    const simulate = (changes: WhatIfRequest['current'], j: number): Float64Array => {
      const member = Float64Array.from(members[j]);
      const inputs = { meals: [], boluses: [], basal: [], doses: memberDoses(regimen, [...request.current, ...changes], j, members.length, startMin, endMin) };
      const rng = seededRandom(context.patientId, context.seed, j, 'warfarin');
      const daily = [inr(member)];
      for (let t = startMin; t < endMin - 1e-9; t += DAY_MIN) {
        component.propagate([member], t, Math.min(endMin, t + DAY_MIN), inputs, rng);
        component.project(member);
        daily.push(inr(member));
      }
      return warfarinOutcomes(daily);
    };
    return {
      units: members.length,
      assumptions: {
        regimen: { mg_per_week: Math.round(regimen.mgPerDay * 7 * 10) / 10, source: regimen.source, adherence: regimen.adherence ?? 'each member’s (a prescription)' },
        sampling: 'the INR at the end of each day; time in range by linear interpolation between them (Rosendaal 1993)',
      },
      startArm: (changes) => new MemberByMemberArm(members.length, (j) => simulate(changes, j)),
    };
  }

  plan(twin: WhatIfTwin, context: { readonly nowMs: number; readonly utcOffsetMin: number }): PlanContribution {
    const readings = inrReadings(twin.events, context.nowMs);
    const regimen = currentRegimen(twin.events, WARFARIN_ATC, context.nowMs, context.utcOffsetMin);
    const recent = readings.filter((r) => r.t > context.nowMs / 86_400_000 - 90);
    const input = { ttr: recentTtr(readings, context.nowMs), readings: recent.length, latestInr: readings.at(-1)?.inr ?? null, weeklyMg: regimen.mgPerDay * 7 * (regimen.adherence ?? 1) };
    return { horizon: 'P28D', targets: warfarinPlanTargets(input), suggestions: warfarinPlanSuggestions(input) };
  }
}
