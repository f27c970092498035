/**
 * The body-weight what-if plug-in: the twin's posterior ensemble of BodyWeightComponent (@shuji/twin: Hall's adult
 * energy-balance model, Hall KD et al., Lancet 2011;378:826–837) run forward a day at a time with the component's own
 * (noise-free) propagation under each arm's energy intake and physical activity level. The person's unknown intake
 * change ΔEI (an Ornstein–Uhlenbeck process in the twin, reverting to the old intake) keeps evolving, its daily draws
 * from seededRandom(patient, seed, member, 'body-weight'), the same in every arm (common random numbers); an arm's
 * `kcal_per_day_change` is added to it and held for the change's window (a sustained diet, not one that fades), an
 * arm's `kcal_per_day` replaces the member's intake by that amount (ΔEI = intake − the member's baseline intake), a
 * `physical_activity_level` replaces the member's level (the model's deltaPAL = level − the member's PAL). Changes
 * take effect at whole days from the twin's time (their start and end rounded to the day grid).
 */
import { baselineIntake } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { activityChangeAt, advanceIntake, BodyWeightComponent, type EnsembleComponent, type KnownInputs } from '@shuji/twin';
import { MemberByMemberArm } from '../parts/member-arm';
import type { PlanContribution, PreparedWhatIf, WhatIfChange, WhatIfContext, WhatIfPlugin, WhatIfRequest, WhatIfTwin } from '../what-if-plugin';
import { changeInForce, parseWeightChange, WEIGHT_CHANGE_KINDS } from './weight-changes';
import { WEIGHT_OUTCOMES, weightOutcomes } from './weight-outcomes';
import { recentWeight, weightPlanSuggestions, weightPlanTargets } from './weight-plan';

const DAY_MIN = 1440;
const KJ_PER_KCAL = 4.184;
/** Without a stated goal: 5 % below the ensemble's mean weight now (Jensen 2013's clinically meaningful loss). */
const DEFAULT_GOAL_FRACTION = 0.95;

const indexOf = (component: BodyWeightComponent, name: string): number => component.variables.find((v) => v.name === name)!.index;

export class BodyWeightWhatIfPlugin implements WhatIfPlugin {
  readonly id = 'body-weight';
  readonly changeKinds = WEIGHT_CHANGE_KINDS;
  readonly outcomes = WEIGHT_OUTCOMES;

  parseChange(kind: string, body: Readonly<Record<string, unknown>>, field: string): unknown {
    return parseWeightChange(kind, body, field);
  }

  appliesTo(component: EnsembleComponent): boolean {
    return component instanceof BodyWeightComponent;
  }

  prepare(twin: WhatIfTwin, request: WhatIfRequest, context: WhatIfContext): PreparedWhatIf {
    const component = twin.component as BodyWeightComponent;
    const members = twin.ensemble.map((m) => Float64Array.from(m));
    const [iIntake, iPal] = [indexOf(component, 'energy_intake_change'), indexOf(component, 'PAL')];
    const logActivity = twin.events.flatMap((e) => (e.kind === 'activity-level' && e.timeMs <= context.startMs ? [{ tMin: e.timeMs / 60_000, pal: e.pal }] : []));
    const loggedChange = activityChangeAt(logActivity, context.startMs / 60_000);
    const meanWeight = members.reduce((s, m) => s + component.weight(m), 0) / members.length;
    const horizonDays = context.horizonMin / DAY_MIN;
    const days = Math.ceil(horizonDays - 1e-9);
    const goalOf = (changes: readonly WhatIfChange[]): number => changeInForce(changes, 'weight-goal', context.startMs)?.goalKg ?? DEFAULT_GOAL_FRACTION * meanWeight;
    const simulate = (changes: readonly WhatIfChange[], j: number): Float64Array => {
      const all = [...request.current, ...changes];
      const member = Float64Array.from(members[j]);
      const rng = seededRandom(context.patientId, context.seed, j, 'body-weight');
      const ei0 = baselineIntake(component.model, component.parameters(member));
      const memberPal = Math.exp(member[iPal]);
      let latent = member[iIntake];
      const daily = [component.weight(member)];
      for (let d = 0; d < days; d++) {
        const t = context.startMs / 60_000 + d * DAY_MIN;
        const t1 = Math.min(t + DAY_MIN, context.startMs / 60_000 + context.horizonMin);
        const tMs = t * 60_000;
        const intake = changeInForce(all, 'energy-intake', tMs);
        const activity = changeInForce(all, 'physical-activity', tMs);
        const deltaEI = intake === undefined ? latent : intake.absolute ? intake.kcalPerDay * KJ_PER_KCAL - ei0 : latent + intake.kcalPerDay * KJ_PER_KCAL;
        member[iIntake] = Math.min(ei0, Math.max(-ei0, deltaEI));
        const deltaPal = activity === undefined ? loggedChange : activity.pal - memberPal;
        // two levels before the day: the change in force all day, no chunk boundary inside it
        const inputs: KnownInputs = { meals: [], boluses: [], basal: [], activity: [{ tMin: t - 2, pal: 0 }, { tMin: t - 1, pal: deltaPal }] };
        component.propagate([member], t, t1, inputs, null);
        component.project(member);
        latent = advanceIntake(component.intake, latent, (t1 - t) / DAY_MIN, rng.normal());
        daily.push(component.weight(member));
      }
      return weightOutcomes(daily, component.height(member), goalOf(changes), horizonDays);
    };
    const stated = request.current.some((c) => c.kind === 'weight-goal') || request.arms.some((a) => a.changes.some((c) => c.kind === 'weight-goal'));
    return {
      units: members.length,
      assumptions: {
        goal: stated ? 'as stated in the request' : `none stated: ${(DEFAULT_GOAL_FRACTION * meanWeight).toFixed(1)} kg, 5 % below the mean weight now (Jensen 2013)`,
        intake: 'the person’s unknown intake change keeps evolving as the twin’s process; an arm’s change is added and held for its window',
        activity: loggedChange === 0 ? 'physical activity level as the twin’s prior (no level logged)' : `logged activity change in force: ${loggedChange.toFixed(2)}`,
        time_grid: 'changes take effect at whole days from the twin’s time',
      },
      startArm: (changes) => new MemberByMemberArm(members.length, (j) => simulate(changes, j)),
    };
  }

  plan(twin: WhatIfTwin): PlanContribution {
    const component = twin.component as BodyWeightComponent;
    const iPal = indexOf(component, 'PAL');
    const meanPal = twin.ensemble.reduce((s, m) => s + Math.exp(m[iPal]), 0) / Math.max(1, twin.ensemble.length);
    const { weightKg, heightCm } = recentWeight(twin.events, twin.currentTimeMs);
    const input = { weightKg, heightCm, meanPal };
    return { horizon: 'P90D', targets: weightPlanTargets(input), suggestions: weightPlanSuggestions(input) };
  }
}
