/**
 * The T1D what-if plug-in: the twin's UVA/Padova posterior ensemble (T1dGlucoseComponent of @shuji/twin) run
 * forward in 5-minute steps with the twin's own propagation (the stacked Tsit5 solve, the OU disturbance flux,
 * the CGM error and the parameter walk), under each arm's basal profile, meal plan and bolus policy:
 *
 *   bolus at each meal = counted carbs / carb ratio + max(0, (CGM reading − target) / correction factor), at most 25 U
 *
 * (no insulin-on-board deduction: corrections are given at meals only), missed or late as often as the person's log
 * shows, and each member treats its lows as the person does (ADA's rule of 15, or the person's own dose and spacing
 * where the log shows them; t1d-habits.ts): without that the members' lows lasted and the what-if predicted far more
 * time below 70 than the person lives (docs/validation.md, the optimiser). Meals and boluses are per member (each
 * member's own CGM reading decides its correction), so they enter as impulses at the start of the step they fall in
 * (snapped to the 5-minute grid; t1d-impulses.ts): the bolus at the meal's start, the carbs at the middle of its
 * eating time (UVA/Padova eats at 5 g/min), ≤ 3 mg/dL from the component's own schedule. The basal profile is the
 * shared input (a rate per step, changes snapped to the grid).
 *
 * Common random numbers: each member's meal timing, size and carb-counting draws come from seededRandom(patient,
 * seed, member, 'meals'), drawn for 10 slots a day whatever the plan; the members run in fixed blocks of 32
 * (t1d-block-simulation.ts: a stacked solve each, in this thread or on worker threads, the same numbers either way),
 * each block's process noise from seededRandom(patient, seed, 'process', its first member unless 0), which the block's
 * propagation consumes in member order, a fixed count per member and step: member j meets the same meals and
 * disturbances in every arm. Each 5-min chunk's solve starts with a step of the whole chunk (wholeChunkFirstStep). The noise magnitudes are the
 * population T1D program's scenario assumptions (libs/population T1dDaysProgram): times ±30 min (SD, clipped at
 * ±60), sizes ×exp(0.2·z), counting error ×exp(0.1·z).
 * Outcomes per member: the consensus CGM metrics (cgmConsensusMetrics of @shuji/population) of the member's plasma
 * glucose every 5 min over the horizon.
 */
import { workerThreadFile } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { T1dGlucoseComponent, type EnsembleComponent } from '@shuji/twin';
import { RecommendInputError } from '../../shared/recommend-input.error';
import { WHAT_IF_STEP_MIN } from '../parse-what-if-request';
import type { ArmSimulation, ParallelArms, PlanContribution, PreparedWhatIf, WhatIfChange, WhatIfContext, WhatIfPlugin, WhatIfRequest, WhatIfTwin } from '../what-if-plugin';
import { componentOf, DRAWS_PER_MEAL, T1D_BLOCK_MEMBERS, T1dBlockSimulation, whatIfComponentOptions, type T1dBlockJob } from './t1d-block-simulation';
import { T1D_OUTCOMES } from './t1d-outcomes';
import { t1dHabitsOf, type T1dHabits } from './t1d-habits';
import { t1dPlan } from './t1d-plan';
import { DEFAULT_TARGET_MG_DL, recentT1dPattern } from './t1d-recent-pattern';
import { PMOL_PER_UNIT } from './t1d-impulses';
import { T1D_LIMITS } from './t1d-safety-limits';
import { applyT1dChanges, parseT1dChange, T1D_CHANGE_KINDS, type T1dSettings } from './t1d-settings';

export { T1D_OUTCOMES } from './t1d-outcomes';

/** An arm in this thread: every block advanced a 5-min step at a time. */
class T1dArmSimulation implements ArmSimulation {
  constructor(private readonly blocks: readonly T1dBlockSimulation[]) {}

  advance(units: number): number {
    let done = 0;
    while (done < units && !(this.blocks[0]?.done ?? true)) {
      for (const block of this.blocks) block.advance();
      done++;
    }
    return done;
  }

  outcomes(): readonly Float64Array[] {
    return this.blocks.flatMap((b) => b.outcomes());
  }
}

/** What every arm of one run shares: the members as they were when it was planned, their body weights, the CRN meal draws. */
interface T1dShared {
  readonly members: readonly Float64Array[];
  readonly bodyWeight: Float64Array;
  readonly draws: readonly Float64Array[];
}

/** The jobs of one arm: the ensemble cut into blocks of T1D_BLOCK_MEMBERS (the last may be smaller). */
function blockJobs(base: Omit<T1dBlockJob, 'changes' | 'first' | 'members' | 'bodyWeight' | 'draws'>, shared: T1dShared, changes: readonly WhatIfChange[]): T1dBlockJob[] {
  const jobs: T1dBlockJob[] = [];
  for (let first = 0; first < shared.members.length; first += T1D_BLOCK_MEMBERS) {
    const last = Math.min(shared.members.length, first + T1D_BLOCK_MEMBERS);
    jobs.push({
      ...base,
      changes,
      first,
      members: shared.members.slice(first, last),
      bodyWeight: shared.bodyWeight.slice(first, last),
      draws: shared.draws.slice(first, last),
    });
  }
  return jobs;
}

function describeSettings(s: T1dSettings): Record<string, unknown> {
  const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
  return {
    basal_profile: s.basal === null ? "each member's steady-state basal (no basal rate logged)" : s.basal.map((b) => ({ from: hhmm(b.fromMin), units_per_hour: b.unitsPerHour })),
    carb_ratio_g_per_unit: s.carbRatio,
    correction_factor_mg_dl_per_unit: s.correctionFactor,
    target_mg_dl: s.targetMgDl,
    meal_plan: s.mealPlan.map((m) => ({ time: hhmm(m.clockMin), carbs_g: m.carbsG })),
    meal_bolus: { minutes_before_meal: s.bolusLeadMin ?? 0, lapses: s.bolusLapses ?? 'as-logged' },
  };
}

function describeHabits(h: T1dHabits): Record<string, unknown> {
  const r = h.hypoTreatment;
  return {
    hypo_treatment: `${r.carbsG} g of fast carbohydrate at a CGM reading below ${r.belowMgDl} mg/dL, again after ${r.repeatAfterMin} min if still below; ${r.source}`,
    missed_bolus_share: h.missedBolusShare,
    late_bolus_share: h.lateBolusShare,
    late_bolus_delay_min: h.lateBolusDelayMin,
    meals_seen: h.mealsSeen,
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

  /** The consensus CGM targets and the meal-bolus actions the log calls for (t1d-plan.ts). */
  plan(twin: WhatIfTwin, context: { readonly nowMs: number }): PlanContribution {
    return t1dPlan(twin, context.nowMs);
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
      return Float64Array.from({ length: days * T1D_LIMITS.mealsPerDay * DRAWS_PER_MEAL }, () => rng.normal());
    });
    const shared: T1dShared = { members, bodyWeight, draws };
    const options = whatIfComponentOptions(component.options);
    const habits = t1dHabitsOf(twin.events, context.startMs);
    const base = { component: options, context, steps, baseline: baseline.settings, habits };
    const jobsOf = (changes: readonly WhatIfChange[]): T1dBlockJob[] => blockJobs(base, shared, [...baseline.windowed, ...changes]);
    const parallel: ParallelArms = {
      workerFile: () => workerThreadFile(__dirname, 't1d-what-if.worker', __filename.endsWith('.js')),
      jobs: (changes) => jobsOf(changes).map((job) => ({ job, units: (steps * job.members.length) / members.length })),
      outcomes: (results) =>
        results.flatMap((r) => {
          const { width, flat } = r as { width: number; flat: Float64Array };
          return Array.from({ length: flat.length / width }, (_, j) => flat.slice(j * width, (j + 1) * width));
        }),
    };
    return {
      units: steps,
      assumptions: {
        baseline: describeSettings(baseline.settings),
        sources: baseline.sources,
        pattern_days: baseline.days,
        bolus_policy: 'carbs counted / carb ratio + max(0, (CGM − target) / correction factor) at each meal, ≤ 25 U',
        habits: describeHabits(habits),
      },
      startArm: (changes) => new T1dArmSimulation(jobsOf(changes).map((job) => new T1dBlockSimulation(componentOf(options), job))),
      parallel,
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
