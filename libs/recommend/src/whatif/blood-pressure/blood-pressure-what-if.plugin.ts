/**
 * The blood-pressure what-if plug-in: the twin's posterior ensemble of BloodPressureComponent (@shuji/twin: Law 2003
 * Emax effects of amlodipine and lisinopril on one-compartment popPK, an Ornstein–Uhlenbeck drift) run forward under
 * each arm's doses, with the component's own propagation every 6 h: each day's pressure is the mean of its four
 * samples (the person's home pressure, without the white-coat offset). A change is a drug's daily dose from its start
 * to its end (0 stops it), with the share of doses taken when stated; the doses before it are the log's, and the
 * current regimen (an open prescription, else the mean of the last 14 days' recorded doses) continues where no change
 * is in force (drugs/drug-regimen.ts). Limits: amlodipine at most 10 mg/day, lisinopril at most 80 mg/day (their
 * labels: Norvasc; Zestril, Merck/AstraZeneca prescribing information, 80 mg the highest dose studied in hypertension).
 * Common random numbers: member j's drift draws come from seededRandom(patient, seed, j, 'blood-pressure'), the same
 * count in every arm (two a step).
 */
import { AMLODIPINE, LISINOPRIL } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { BloodPressureComponent, ObservationCodes, type EnsembleComponent, type TwinEvent } from '@shuji/twin';
import { RecommendInputError } from '../../shared/recommend-input.error';
import { currentRegimen, memberDoses, parseDoseChange, type CurrentRegimen } from '../drugs/drug-regimen';
import { MemberByMemberArm } from '../parts/member-arm';
import type { PlanContribution, PreparedWhatIf, WhatIfContext, WhatIfPlugin, WhatIfRequest, WhatIfTwin } from '../what-if-plugin';
import { BP_OUTCOMES, bpOutcomes } from './bp-outcomes';
import { AMLODIPINE_MAX_MG_PER_DAY } from '../../cds/order-cards';
import { bpPlanSuggestions, bpPlanTargets } from './bp-plan';

const STEP_MIN = 360;
const DRUGS = [
  { kind: 'amlodipine', drug: AMLODIPINE, maxMgPerDay: AMLODIPINE_MAX_MG_PER_DAY },
  { kind: 'lisinopril', drug: LISINOPRIL, maxMgPerDay: 80 },
] as const;

/** The mean systolic and diastolic readings of the 14 days before `nowMs`. */
export function recentBloodPressure(events: readonly TwinEvent[], nowMs: number): { meanSbp: number | null; meanDbp: number | null; readings: number } {
  const since = nowMs - 14 * 86_400_000;
  const of = (loinc: string): number[] => events.flatMap((e) => (e.kind === 'observation' && e.loinc === loinc && e.timeMs > since && e.timeMs <= nowMs ? [e.value] : []));
  const [s, d] = [of(ObservationCodes.systolicBp.loinc), of(ObservationCodes.diastolicBp.loinc)];
  const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return { meanSbp: mean(s), meanDbp: mean(d), readings: Math.max(s.length, d.length) };
}

export class BloodPressureWhatIfPlugin implements WhatIfPlugin {
  readonly id = 'blood-pressure';
  readonly changeKinds = DRUGS.map((d) => d.kind);
  readonly outcomes = BP_OUTCOMES;

  parseChange(kind: string, body: Readonly<Record<string, unknown>>, field: string): unknown {
    const drug = DRUGS.find((d) => d.kind === kind);
    if (drug === undefined) throw new RecommendInputError(`${field}.kind`, `is not a blood-pressure change (${this.changeKinds.join(', ')})`);
    return parseDoseChange(body, field, drug.maxMgPerDay);
  }

  appliesTo(component: EnsembleComponent): boolean {
    return component instanceof BloodPressureComponent;
  }

  prepare(twin: WhatIfTwin, request: WhatIfRequest, context: WhatIfContext): PreparedWhatIf {
    const component = twin.component as BloodPressureComponent;
    const members = twin.ensemble.map((m) => Float64Array.from(m));
    const startMin = context.startMs / 60_000;
    const endMin = startMin + context.horizonMin;
    const regimens = DRUGS.map((d) => currentRegimen(twin.events, d.drug.atc, context.startMs, context.utcOffsetMin));
    const days = Math.ceil(context.horizonMin / 1440);
    const simulate = (changes: WhatIfRequest['current'], j: number): Float64Array => {
      const member = Float64Array.from(members[j]);
      const doses = DRUGS.flatMap((d, k) => memberDoses(regimens[k], [...request.current, ...changes].filter((c) => c.kind === d.kind), j, members.length, startMin, endMin));
      const inputs = { meals: [], boluses: [], basal: [], doses };
      const rng = seededRandom(context.patientId, context.seed, j, 'blood-pressure');
      const daily: { sbp: number; dbp: number }[] = [];
      for (let d = 0; d < days; d++) {
        let [sbp, dbp, n] = [0, 0, 0];
        for (let t = startMin + d * 1440; t < Math.min(endMin, startMin + (d + 1) * 1440) - 1e-9; t += STEP_MIN) {
          const t1 = Math.min(endMin, t + STEP_MIN);
          component.propagate([member], t, t1, inputs, rng);
          component.project(member);
          [sbp, dbp, n] = [sbp + component.pressure(member, 'sbp'), dbp + component.pressure(member, 'dbp'), n + 1];
        }
        daily.push({ sbp: sbp / n, dbp: dbp / n });
      }
      return bpOutcomes(daily);
    };
    return {
      units: members.length,
      assumptions: {
        regimen: Object.fromEntries(DRUGS.map((d, k) => [d.kind, describeRegimen(regimens[k])])),
        sampling: `the pressure every ${STEP_MIN / 60} h, a day's value the mean of its samples; home pressure (no white-coat offset)`,
        adherence: 'planned doses count by each member’s adherence (0.6–1.0, Vrijens 2008) unless a change states it',
      },
      startArm: (changes) => new MemberByMemberArm(members.length, (j) => simulate(changes, j)),
    };
  }

  plan(twin: WhatIfTwin, context: { readonly nowMs: number; readonly utcOffsetMin: number }): PlanContribution {
    const recent = recentBloodPressure(twin.events, context.nowMs);
    const regimen = currentRegimen(twin.events, AMLODIPINE.atc, context.nowMs, context.utcOffsetMin);
    // under a prescription, days without a recorded dose are not known to be missed
    const daysWithDose = regimen.adherence === null ? regimen.days : regimen.daysWithDose;
    const input = { ...recent, amlodipineMgPerDay: regimen.mgPerDay, daysWithDose, days: regimen.days };
    return { horizon: 'P28D', targets: bpPlanTargets(input), suggestions: bpPlanSuggestions(input) };
  }
}

function describeRegimen(r: CurrentRegimen): Record<string, unknown> {
  return { mg_per_day: Math.round(r.mgPerDay * 100) / 100, source: r.source, adherence: r.adherence ?? 'each member’s (a prescription)' };
}
