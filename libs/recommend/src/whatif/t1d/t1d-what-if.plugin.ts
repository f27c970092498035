/**
 * The T1D what-if plug-in: the twin's UVA/Padova posterior ensemble (T1dGlucoseComponent of @shuji/twin) run
 * forward in 5-minute steps with the twin's own propagation (the stacked Tsit5 solve, the OU disturbance flux,
 * the CGM error and the parameter walk), under each arm's basal profile, meal plan and bolus policy:
 *
 *   bolus at each meal = counted carbs / carb ratio + max(0, (CGM reading − target) / correction factor), at most 25 U
 *
 * (no insulin-on-board deduction: corrections are given at meals only). Meals and boluses are per member (each
 * member's own CGM reading decides its correction), so they enter as impulses at the start of the step they fall in
 * (snapped to the 5-minute grid; t1d-impulses.ts): the bolus at the meal's start, the carbs at the middle of its
 * eating time (UVA/Padova eats at 5 g/min), ≤ 3 mg/dL from the component's own schedule. The basal profile is the
 * shared input (a rate per step, changes snapped to the grid).
 *
 * Common random numbers: each member's meal timing, size and carb-counting draws come from seededRandom(patient,
 * seed, member, 'meals'), drawn for 10 slots a day whatever the plan, and the process noise from
 * seededRandom(patient, seed, 'process'), which the stacked propagation consumes in member order, a fixed count
 * per member and step: member j meets the same meals and disturbances in every arm. The noise magnitudes are the
 * population T1D program's scenario assumptions (libs/population T1dDaysProgram): times ±30 min (SD, clipped at
 * ±60), sizes ×exp(0.2·z), counting error ×exp(0.1·z).
 * Outcomes per member: the consensus CGM metrics (cgmConsensusMetrics of @shuji/population) of the member's plasma
 * glucose every 5 min over the horizon.
 */
import { CGM_CONSENSUS_METRICS, cgmConsensusMetrics } from '@shuji/population';
import { seededRandom } from '@shuji/stats';
import { MS_PER_MIN, NO_INPUTS, ObservationCodes, T1dGlucoseComponent, type EnsembleComponent, type KnownInputs } from '@shuji/twin';
import { RecommendInputError } from '../../shared/recommend-input.error';
import { WHAT_IF_STEP_MIN } from '../parse-what-if-request';
import type { ArmSimulation, PreparedWhatIf, WhatIfChange, WhatIfContext, WhatIfPlugin, WhatIfRequest, WhatIfTwin } from '../what-if-plugin';
import { clockOf, DEFAULT_TARGET_MG_DL, recentT1dPattern } from './t1d-recent-pattern';
import { giveBolus, giveMeal, mealImpulseDelayMin, PMOL_PER_UNIT, t1dImpulseIndices, type T1dImpulseIndices } from './t1d-impulses';
import { T1D_LIMITS } from './t1d-safety-limits';
import { applyT1dChanges, basalAt, parseT1dChange, T1D_CHANGE_KINDS, type T1dSettings } from './t1d-settings';

/** The consensus CGM metrics (Battelino 2019) but the level 2 event count, in the order results list them. */
export const T1D_OUTCOMES = CGM_CONSENSUS_METRICS.filter((m) => m.key !== 'level2HypoEvents');

const MEAL_SLOTS = T1D_LIMITS.mealsPerDay;
const DRAWS_PER_MEAL = 3;
const TIMING_SD_MIN = 30;
const SIZE_LOG_SD = 0.2;
const COUNTING_LOG_SD = 0.1;
const CGM = ObservationCodes.cgmGlucose.loinc;
const DAY_MS = 1440 * MS_PER_MIN;

/** At a step, member `member` boluses for `countedG` of carbs (kind bolus) or eats `carbsG` (kind meal). */
interface MealImpulse {
  readonly kind: 'bolus' | 'meal';
  readonly member: number;
  readonly carbsG: number;
  readonly countedG: number;
}

/** The settings in force at a time: the baseline with the arm's open-ended changes, then the windowed ones in their window. */
class SettingsTimeline {
  private readonly cache = new Map<string, T1dSettings>();
  private readonly base: T1dSettings;
  private readonly windowed: readonly WhatIfChange[];

  constructor(baseline: T1dSettings, changes: readonly WhatIfChange[]) {
    this.base = applyT1dChanges(baseline, changes.filter((c) => c.startMs === undefined && c.endMs === undefined));
    this.windowed = changes.filter((c) => c.startMs !== undefined || c.endMs !== undefined);
  }

  at(timeMs: number): T1dSettings {
    const active = this.windowed.filter((c) => (c.startMs ?? -Infinity) <= timeMs && timeMs < (c.endMs ?? Infinity));
    const key = active.map((c) => c.field).join('|');
    let settings = this.cache.get(key);
    if (settings === undefined) {
      settings = applyT1dChanges(this.base, active);
      this.cache.set(key, settings);
    }
    return settings;
  }
}

class T1dArmSimulation implements ArmSimulation {
  private readonly members: Float64Array[];
  private readonly glucose: Float64Array[];
  private readonly rng;
  private readonly meals = new Map<number, MealImpulse[]>();
  private step = 0;

  constructor(
    private readonly component: T1dGlucoseComponent,
    private readonly shared: T1dShared,
    private readonly timeline: SettingsTimeline,
  ) {
    this.members = shared.members.map((m) => Float64Array.from(m));
    this.glucose = shared.members.map(() => new Float64Array(shared.steps));
    this.rng = seededRandom(shared.context.patientId, shared.context.seed, 'process');
    this.planMeals();
  }

  /** Every member's meals of the horizon: the plan in force at each local day's start, its own CRN draws. */
  private planMeals(): void {
    const { context, steps, draws } = this.shared;
    const offsetMs = context.utcOffsetMin * MS_PER_MIN;
    const firstMidnight = Math.floor((context.startMs + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
    for (let d = 0; firstMidnight + d * DAY_MS < context.startMs + steps * WHAT_IF_STEP_MIN * MS_PER_MIN; d++) {
      const midnight = firstMidnight + d * DAY_MS;
      const plan = this.timeline.at(Math.max(context.startMs, midnight)).mealPlan;
      plan.forEach((meal, slot) => {
        draws.forEach((z, j) => {
          const o = (d * MEAL_SLOTS + slot) * DRAWS_PER_MEAL;
          const jitter = TIMING_SD_MIN * Math.max(-2, Math.min(2, z[o]));
          const startMin = (midnight - context.startMs) / MS_PER_MIN + meal.clockMin + jitter;
          const carbsG = meal.carbsG * Math.exp(SIZE_LOG_SD * z[o + 1]);
          const impulse = { member: j, carbsG, countedG: carbsG * Math.exp(COUNTING_LOG_SD * z[o + 2]) };
          // the bolus at the meal's start, the carbs at the middle of its eating (t1d-impulses.ts)
          this.schedule(startMin, { kind: 'bolus', ...impulse });
          this.schedule(startMin + mealImpulseDelayMin(carbsG), { kind: 'meal', ...impulse });
        });
      });
    }
  }

  private schedule(minutes: number, impulse: MealImpulse): void {
    const step = Math.round(minutes / WHAT_IF_STEP_MIN);
    if (step < 0 || step >= this.shared.steps) return;
    const list = this.meals.get(step) ?? [];
    list.push(impulse);
    this.meals.set(step, list);
  }

  advance(units: number): number {
    const { component, shared } = this;
    const { at, bodyWeight, context } = shared;
    let done = 0;
    while (done < units && this.step < shared.steps) {
      const t = context.startMs / MS_PER_MIN + this.step * WHAT_IF_STEP_MIN;
      const settings = this.timeline.at(t * MS_PER_MIN);
      for (const meal of this.meals.get(this.step) ?? []) {
        const m = this.members[meal.member];
        if (meal.kind === 'meal') {
          giveMeal(m, at, meal.carbsG);
          continue;
        }
        const cgm = component.observe(m, CGM) ?? settings.targetMgDl;
        const units = Math.min(T1D_LIMITS.maxBolusUnits, meal.countedG / settings.carbRatio + Math.max(0, (cgm - settings.targetMgDl) / settings.correctionFactor));
        giveBolus(m, at, units, bodyWeight[meal.member]);
      }
      const rate = basalAt(settings.basal, clockOf(t * MS_PER_MIN, context.utcOffsetMin));
      const inputs: KnownInputs = rate === null ? NO_INPUTS : { meals: [], boluses: [], basal: [{ tMin: t, unitsPerHour: rate }] };
      component.propagate(this.members, t, t + WHAT_IF_STEP_MIN, inputs, this.rng);
      this.members.forEach((m, j) => (this.glucose[j][this.step] = component.plasmaGlucose(m)));
      this.step++;
      done++;
    }
    return done;
  }

  outcomes(): readonly Float64Array[] {
    return this.glucose.map((g) => {
      const m = cgmConsensusMetrics(g, WHAT_IF_STEP_MIN);
      return Float64Array.from(T1D_OUTCOMES, (d) => m[d.key]);
    });
  }
}

/** What every arm of one run shares: the members as they were when it was planned, indices, the CRN meal draws. */
interface T1dShared {
  readonly context: WhatIfContext;
  readonly steps: number;
  readonly members: readonly Float64Array[];
  readonly bodyWeight: Float64Array;
  readonly draws: readonly Float64Array[];
  readonly at: T1dImpulseIndices;
}

function describeSettings(s: T1dSettings): Record<string, unknown> {
  const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
  return {
    basal_profile: s.basal === null ? "each member's steady-state basal (no basal rate logged)" : s.basal.map((b) => ({ from: hhmm(b.fromMin), units_per_hour: b.unitsPerHour })),
    carb_ratio_g_per_unit: s.carbRatio,
    correction_factor_mg_dl_per_unit: s.correctionFactor,
    target_mg_dl: s.targetMgDl,
    meal_plan: s.mealPlan.map((m) => ({ time: hhmm(m.clockMin), carbs_g: m.carbsG })),
  };
}

export class T1dWhatIfPlugin implements WhatIfPlugin {
  readonly id = 't1d-glucose';
  readonly changeKinds = T1D_CHANGE_KINDS;
  readonly outcomes = T1D_OUTCOMES;

  parseChange(kind: string, body: Readonly<Record<string, unknown>>, field: string): unknown {
    return parseT1dChange(kind, body, field);
  }

  appliesTo(component: EnsembleComponent): boolean {
    return component instanceof T1dGlucoseComponent;
  }

  prepare(twin: WhatIfTwin, request: WhatIfRequest, context: WhatIfContext): PreparedWhatIf {
    const component = twin.component as T1dGlucoseComponent;
    const members = twin.ensemble.map((m) => Float64Array.from(m));
    const iBW = component.model.parameterIndex('BW');
    const bodyWeight = Float64Array.from(members, (m) => component.parameters(m)[iBW]);
    const baseline = this.baseline(twin, request, context, component, members);
    const steps = context.horizonMin / WHAT_IF_STEP_MIN;
    const days = Math.ceil(context.horizonMin / 1440) + 1;
    const draws = members.map((_, j) => {
      const rng = seededRandom(context.patientId, context.seed, j, 'meals');
      return Float64Array.from({ length: days * MEAL_SLOTS * DRAWS_PER_MEAL }, () => rng.normal());
    });
    const shared: T1dShared = { context, steps, members, bodyWeight, draws, at: t1dImpulseIndices(component) };
    return {
      units: steps,
      assumptions: { baseline: describeSettings(baseline.settings), sources: baseline.sources, pattern_days: baseline.days, bolus_policy: 'carbs counted / carb ratio + max(0, (CGM − target) / correction factor) at each meal, ≤ 25 U' },
      startArm: (changes) => new T1dArmSimulation(component, shared, new SettingsTimeline(baseline.settings, [...baseline.windowed, ...changes])),
    };
  }

  /**
   * The current settings: the request's open-ended `current` changes over the pattern of the log; what neither gives
   * is an error. Public for the settings optimiser, which searches around them.
   */
  baseline(twin: WhatIfTwin, request: Pick<WhatIfRequest, 'current'>, context: WhatIfContext, component: T1dGlucoseComponent, members: readonly Float64Array[]) {
    const pattern = recentT1dPattern(twin.events, context.startMs, context.utcOffsetMin);
    const stated = new Set(request.current.filter((c) => c.startMs === undefined && c.endMs === undefined).map((c) => c.kind));
    const need = (kind: string, what: string): never => {
      throw new RecommendInputError('current', `the twin's log has ${what}: state it as a ${kind} change in current`);
    };
    if (pattern.carbRatio === undefined && !stated.has('carb-ratio')) need('carb-ratio', 'no logged meal with a bolus to infer the carbohydrate ratio from');
    if (pattern.mealPlan === undefined && !stated.has('meal-plan')) need('meal-plan', 'no regular logged meals to infer a meal plan from');
    const iU2ss = component.model.parameterIndex('u2ss');
    const iBW = component.model.parameterIndex('BW');
    // u2ss is pmol/kg/min: U/day = u2ss · BW · 1440 / 6000, the members' mean
    const memberBasalPerDay = members.reduce((s, m) => {
      const p = component.parameters(m);
      return s + (p[iU2ss] * p[iBW] * 1440) / PMOL_PER_UNIT;
    }, 0) / members.length;
    const basalPerDay = pattern.basal === null ? memberBasalPerDay : pattern.basal.reduce((s, b, i, all) => s + (b.unitsPerHour * ((all[i + 1]?.fromMin ?? 1440) - b.fromMin)) / 60, 0);
    const { min, max } = T1D_LIMITS.correctionMgDlPerUnit;
    const inferred: T1dSettings = {
      basal: pattern.basal,
      carbRatio: pattern.carbRatio ?? Number.NaN,
      correctionFactor: Math.min(max, Math.max(min, 1800 / (pattern.bolusUnitsPerDay + basalPerDay))),
      targetMgDl: DEFAULT_TARGET_MG_DL,
      mealPlan: pattern.mealPlan ?? [],
    };
    const open = request.current.filter((c) => c.startMs === undefined && c.endMs === undefined);
    const source = (kind: string, fromLog: string): string => (stated.has(kind) ? 'request (current)' : fromLog);
    return {
      settings: applyT1dChanges(inferred, open),
      windowed: request.current.filter((c) => c.startMs !== undefined || c.endMs !== undefined),
      days: pattern.days,
      sources: {
        basal_profile: source('basal-profile', pattern.basal === null ? "the twin's assumption (no basal logged)" : 'log: rates of the last 24 h'),
        carb_ratio: source('carb-ratio', 'log: median of carbs / bolus over logged meals'),
        correction_factor: source('correction-factor', `assumption: 1800 rule, 1800 / ${(pattern.bolusUnitsPerDay + basalPerDay).toFixed(1)} U/day; target ${DEFAULT_TARGET_MG_DL} mg/dL`),
        meal_plan: source('meal-plan', 'log: median time and carbs of regular logged meals'),
      },
    };
  }
}
