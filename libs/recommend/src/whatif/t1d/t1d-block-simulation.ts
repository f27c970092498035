/**
 * One block of the T1D what-if's members under one arm (t1d-what-if.plugin.ts describes the simulation): its own
 * stacked solve, its own process-noise stream keyed by patient, seed and the block's first member (none for the
 * first block), its members' own CRN meal draws. A block's result depends only on its job (plain data), so the in-thread run (every block, step by
 * step) and the worker threads (a block a job, t1d-what-if.worker.ts) give the same numbers bit for bit, whatever
 * the number of threads. Blocks are fixed (T1D_BLOCK_MEMBERS), never sized by the threads: the shared step size of a
 * stacked solve depends on which members share it.
 */
import { cgmConsensusMetrics } from '@shuji/population';
import { normalCdf, seededRandom, type SeededRandom } from '@shuji/stats';
import { MS_PER_MIN, NO_INPUTS, ObservationCodes, T1dGlucoseComponent, type KnownInputs, type T1dComponentOptions } from '@shuji/twin';
import { WHAT_IF_STEP_MIN } from '../parse-what-if-request';
import type { WhatIfChange, WhatIfContext } from '../what-if-plugin';
import type { T1dHabits } from './t1d-habits';
import { clockOf } from './t1d-recent-pattern';
import { giveBolus, giveMeal, mealImpulseDelayMin, t1dImpulseIndices, type T1dImpulseIndices } from './t1d-impulses';
import { T1D_LIMITS } from './t1d-safety-limits';
import { applyT1dChanges, basalAt, type T1dSettings } from './t1d-settings';
import { T1D_OUTCOME_KEYS } from './t1d-outcomes';

/**
 * Members per block. A stacked solve's cost per member falls with its size (the solver's per-call work is shared):
 * CPU of a P3D 2-arm what-if on bench:recommend's twin, in this thread (shared machine, load 9): 64 members 0.50–0.55 s,
 * 32: 0.55–0.65 s, 16: 0.58–0.61 s, 8: 0.64–0.66 s, 4: 0.87–0.97 s. 32 gives 2 jobs a 64-member arm (4 for a
 * 2-arm what-if) to share among threads, at about 10 % more CPU than one stack of 64.
 */
export const T1D_BLOCK_MEMBERS = 32;

const MEAL_SLOTS = T1D_LIMITS.mealsPerDay;
/** Per meal: timing, size, counting error, and the bolus lapse (missed, late or on time; t1d-habits.ts). */
export const DRAWS_PER_MEAL = 4;
const TIMING_SD_MIN = 30;
const SIZE_LOG_SD = 0.2;
const COUNTING_LOG_SD = 0.1;
const CGM = ObservationCodes.cgmGlucose.loinc;
const DAY_MS = 1440 * MS_PER_MIN;

/** Everything one block of one arm needs, as plain data (structured-clone safe: it crosses to worker threads). */
export interface T1dBlockJob {
  /** The component's options, with wholeChunkFirstStep (the what-if's solver start). */
  readonly component: T1dComponentOptions;
  readonly context: WhatIfContext;
  readonly steps: number;
  readonly baseline: T1dSettings;
  /** The baseline's windowed changes, then the arm's. */
  readonly changes: readonly WhatIfChange[];
  /** Index of the block's first member in the ensemble (keys its process noise). */
  readonly first: number;
  readonly members: readonly Float64Array[];
  readonly bodyWeight: Float64Array;
  /** Per member: its meal draws, MEAL_SLOTS × DRAWS_PER_MEAL normals a day. */
  readonly draws: readonly Float64Array[];
  /** How the person treats lows and boluses for meals (from the log; t1d-habits.ts). */
  readonly habits: T1dHabits;
}

/** At a step, member `member` (of the block) boluses for `countedG` of carbs (kind bolus) or eats `carbsG` (kind meal). */
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
    if (this.windowed.length === 0) return this.base;
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

/** The what-if's component for a twin's: the same options, each chunk's solve started with the whole chunk. */
export function whatIfComponentOptions(options: T1dComponentOptions): T1dComponentOptions {
  return { ...options, wholeChunkFirstStep: true };
}

export class T1dBlockSimulation {
  private readonly members: Float64Array[];
  private readonly glucose: Float64Array[];
  /** Per member, the step of its last hypo treatment. */
  private readonly lastTreatment: Float64Array;
  private readonly rng: SeededRandom;
  private readonly timeline: SettingsTimeline;
  private readonly at: T1dImpulseIndices;
  private readonly meals = new Map<number, MealImpulse[]>();
  /** The block's own propagation, its solver kept from step to step (T1dGlucoseComponent.ensemblePropagator). */
  private readonly propagate: ReturnType<T1dGlucoseComponent['ensemblePropagator']>;
  private step = 0;

  constructor(
    private readonly component: T1dGlucoseComponent,
    private readonly job: T1dBlockJob,
  ) {
    this.members = job.members.map((m) => Float64Array.from(m));
    this.glucose = job.members.map(() => new Float64Array(job.steps));
    this.lastTreatment = new Float64Array(job.members.length).fill(-Infinity);
    // the first block keeps the stream one stack of every member drew before blocks (≤ 32 members: the same draws)
    const key = job.first === 0 ? [] : [job.first];
    this.rng = seededRandom(job.context.patientId, job.context.seed, 'process', ...key);
    this.timeline = new SettingsTimeline(job.baseline, job.changes);
    this.at = t1dImpulseIndices(component);
    this.propagate = component.ensemblePropagator(job.members.length);
    this.planMeals();
  }

  get done(): boolean {
    return this.step >= this.job.steps;
  }

  /**
   * Every member's meals of the horizon: the plan in force at each local day's start, its own CRN draws; the bolus
   * missed or late as often as the person's log shows (the lapse draw's uniform against the habits' shares) unless
   * the day's settings have no lapses, and otherwise given the settings' lead time before the meal.
   */
  private planMeals(): void {
    const { context, steps, draws, habits } = this.job;
    const offsetMs = context.utcOffsetMin * MS_PER_MIN;
    const firstMidnight = Math.floor((context.startMs + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
    for (let d = 0; firstMidnight + d * DAY_MS < context.startMs + steps * WHAT_IF_STEP_MIN * MS_PER_MIN; d++) {
      const midnight = firstMidnight + d * DAY_MS;
      const day = this.timeline.at(Math.max(context.startMs, midnight));
      const lapsing = day.bolusLapses !== 'none';
      const missedShare = lapsing ? habits.missedBolusShare : 0;
      const lateShare = lapsing ? habits.lateBolusShare : 0;
      const leadMin = day.bolusLeadMin ?? 0;
      day.mealPlan.forEach((meal, slot) => {
        draws.forEach((z, j) => {
          const o = (d * MEAL_SLOTS + slot) * DRAWS_PER_MEAL;
          const jitter = TIMING_SD_MIN * Math.max(-2, Math.min(2, z[o]));
          const startMin = (midnight - context.startMs) / MS_PER_MIN + meal.clockMin + jitter;
          const carbsG = meal.carbsG * Math.exp(SIZE_LOG_SD * z[o + 1]);
          const impulse = { member: j, carbsG, countedG: carbsG * Math.exp(COUNTING_LOG_SD * z[o + 2]) };
          // the bolus at the meal's start (or late, or never), the carbs at the middle of its eating (t1d-impulses.ts)
          const lapse = normalCdf(z[o + 3]);
          if (lapse >= missedShare) {
            const late = lapse < missedShare + lateShare;
            this.schedule(startMin + (late ? habits.lateBolusDelayMin : -leadMin), { kind: 'bolus', ...impulse });
          }
          this.schedule(startMin + mealImpulseDelayMin(carbsG), { kind: 'meal', ...impulse });
        });
      });
    }
  }

  private schedule(minutes: number, impulse: MealImpulse): void {
    const step = Math.round(minutes / WHAT_IF_STEP_MIN);
    if (step < 0 || step >= this.job.steps) return;
    const list = this.meals.get(step);
    if (list === undefined) this.meals.set(step, [impulse]);
    else list.push(impulse);
  }

  /**
   * One 5-min step: the step's meals and boluses, each member's hypo treatment (its CGM reading below the rule's
   * threshold and none within the rule's spacing: the rule's carbs, t1d-habits.ts), then the block's stacked
   * propagation; its plasma glucose kept.
   */
  advance(): void {
    const { component, job, at } = this;
    const t = job.context.startMs / MS_PER_MIN + this.step * WHAT_IF_STEP_MIN;
    const settings = this.timeline.at(t * MS_PER_MIN);
    for (const meal of this.meals.get(this.step) ?? []) {
      const m = this.members[meal.member];
      if (meal.kind === 'meal') {
        giveMeal(m, at, meal.carbsG);
        continue;
      }
      const cgm = component.observe(m, CGM) ?? settings.targetMgDl;
      const units = Math.min(T1D_LIMITS.maxBolusUnits, meal.countedG / settings.carbRatio + Math.max(0, (cgm - settings.targetMgDl) / settings.correctionFactor));
      giveBolus(m, at, units, job.bodyWeight[meal.member]);
    }
    const rule = job.habits.hypoTreatment;
    for (let j = 0; j < this.members.length; j++) {
      if (this.step - this.lastTreatment[j] < rule.repeatAfterMin / WHAT_IF_STEP_MIN) continue;
      const cgm = component.observe(this.members[j], CGM);
      if (cgm === null || cgm >= rule.belowMgDl) continue;
      giveMeal(this.members[j], at, rule.carbsG);
      this.lastTreatment[j] = this.step;
    }
    const rate = basalAt(settings.basal, clockOf(t * MS_PER_MIN, job.context.utcOffsetMin));
    const inputs: KnownInputs = rate === null ? NO_INPUTS : { meals: [], boluses: [], basal: [{ tMin: t, unitsPerHour: rate }] };
    this.propagate(this.members, t, t + WHAT_IF_STEP_MIN, inputs, this.rng);
    for (let j = 0; j < this.members.length; j++) this.glucose[j][this.step] = component.plasmaGlucose(this.members[j]);
    this.step++;
  }

  /** Per member, the outcomes in T1D_OUTCOMES order (once done). */
  outcomes(): Float64Array[] {
    return this.glucose.map((g) => {
      const m = cgmConsensusMetrics(g, WHAT_IF_STEP_MIN);
      return Float64Array.from(T1D_OUTCOME_KEYS, (key) => m[key]);
    });
  }
}

const components = new Map<string, T1dGlucoseComponent>();
/** Components kept per thread (one per person's prior): the last few, so a long-running app does not grow. */
const COMPONENTS_KEPT = 8;

/** The component of a job's options, built once per thread while in use. */
export function componentOf(options: T1dComponentOptions): T1dGlucoseComponent {
  const key = JSON.stringify(options);
  let component = components.get(key);
  if (component === undefined) {
    component = new T1dGlucoseComponent(options);
    if (components.size >= COMPONENTS_KEPT) components.delete(components.keys().next().value as string);
  }
  components.delete(key);
  components.set(key, component);
  return component;
}

/** Runs one block job to the end (a worker thread's work): per member, the outcomes. */
export function runT1dBlockJob(job: T1dBlockJob): Float64Array[] {
  const block = new T1dBlockSimulation(componentOf(job.component), job);
  while (!block.done) block.advance();
  return block.outcomes();
}
