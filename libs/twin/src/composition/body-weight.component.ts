/**
 * The adult body-weight component: Hall's energy-balance model (Hall KD, Sacks G, Chandramohan D, et al. Lancet
 * 2011;378:826–837 and its web appendix; the two-compartment fat/lean form of Chow & Hall, PLoS Comput Biol
 * 2008;4:e1000045), the one in @shuji/models (hall-body-weight), as an ensemble member:
 *
 *   [ F | L | AT | ΔEI | log BW0 | log PAL | log height | log age | male ]
 *
 * F, L, AT are the model's states (fat, fat-free mass, adaptive thermogenesis). ΔEI (kJ/d) is the person's energy
 * intake relative to the intake that kept the baseline weight BW0 in balance: unknown, so a state of each member,
 * an Ornstein–Uhlenbeck process (energy-intake-process.ts) the weighings inform — a diet the twin is not told of
 * is a fall of ΔEI it infers from the trend. BW0, PAL, height and age enter Hall's baseline (Mifflin–St Jeor RMR,
 * Jackson body fat); sex is drawn per member and kept. Estimated: the states, ΔEI, BW0 and height (BMI or height
 * readings identify it); PAL and age are consider parameters (Schmidt 1966): drawn from their prior and carried,
 * never updated, since weight data alone cannot tell them from intake. Logged activity-level changes move the
 * model's activity cost (its input deltaPAL). The day-to-day water and glycogen fluctuation is the white noise of a
 * weighing (body-weight-observation.model.ts): the model has no glycogen or extracellular-fluid state.
 */
import { baselineIntake, getCompiledModel, type CompiledModel } from '@shuji/models';
import { tsit5, type OdeMethod } from '@shuji/ode';
import type { SeededRandom } from '@shuji/stats';
import type { ParameterPriorEntry } from '../state/twin-event';
import { ADULT_READING_RANGE, BodyWeightObservationModel, DEFAULT_WEIGHT_NOISE_SD_KG } from './body-weight-observation.model';
import { bodyWeightPriors, clipLog, drawLog, type BodyWeightPerson, type BodyWeightPriors, type LogNormalPrior } from './body-weight-priors';
import { redrawCorrelated, type RedrawTarget } from './correlated-redraw';
import { activityChangeAt, activityChangesWithin, advanceIntake, type IntakeProcess } from './energy-intake-process';
import type { KnownInputs } from './known-inputs';
import { ObservationCodes } from './observation-codes';
import { integrateStackedEnsemble } from './stacked-ensemble.integrator';
import type { ComponentVariable, EnsembleComponent } from './twin-component';

export interface BodyWeightComponentOptions {
  /** What is known of the person; unknown traits come from population priors (body-weight-priors.ts). */
  readonly person?: BodyWeightPerson;
  /** The unknown intake's process (default DEFAULT_INTAKE_PROCESS). */
  readonly intake?: IntakeProcess;
  /** White noise of a weighing, kg (default 0.6). */
  readonly weightNoiseSdKg?: number;
  /** Longest integration chunk (minutes; default one day): the intake process steps per chunk. */
  readonly chunkMin?: number;
}

/**
 * Intake process: σ = 1,000 kJ/d (≈ 240 kcal/d, the size of the diets and lapses the twin must follow) and τ = 250 d
 * (a change of intake keeps ≈ 70 % of its size over a 90-day forecast). Chosen on the validation's tuning cohort
 * (seed 'tuning', 40 people) among τ 180–730 d and σ 1,000–1,500 kJ/d for the forecast RMSE with a 10–90 % coverage
 * near 80 % (docs/validation.md); the held-out cohort was run once, after.
 */
export const DEFAULT_INTAKE_PROCESS: IntakeProcess = { tauDays: 250, sdKjPerDay: 1000 };

/**
 * Spread of the weight after a gap too long to integrate (log-SD): a gap's unseen change, of the order of a few
 * months of a diet (a few % of weight by this model), so the next weighing, not the old state, sets the weight.
 */
const RESTART_WEIGHT_LOG_SD = 0.05;
const MIN_PER_DAY = 1440;
const N_MODEL = 3;
const I_F = 0;
const I_L = 1;
const I_AT = 2;
const I_INTAKE = 3;
const I_BW0 = 4;
const I_PAL = 5;
const I_HEIGHT = 6;
const I_AGE = 7;
const I_MALE = 8;
/** The step tolerance: far below a weighing's noise (0.6 kg) over a day. */
const TOLERANCE = { rtol: 1e-6, atol: 1e-6 };
/** The log-parameters by model parameter name, with their member entry and prior. */
const LOG_PARAMETERS = [
  { name: 'BW0', index: I_BW0, unit: 'kg' },
  { name: 'PAL', index: I_PAL, unit: '1' },
  { name: 'heightCm', index: I_HEIGHT, unit: 'cm' },
  { name: 'age', index: I_AGE, unit: 'a' },
] as const;

export class BodyWeightComponent implements EnsembleComponent {
  static readonly modelId = 'hall-body-weight';
  /** model@model-version/twin.revision: snapshots of another layout or filter never restore into this one. */
  readonly id = 'hall-body-weight@1.1.0/twin.1';
  readonly size = 9;
  /** Weighings come weeks apart: the state is integrated across gaps up to 60 days, never restarted between them. */
  readonly maxGapMin = 60 * 1440;
  readonly explains = [ObservationCodes.bodyWeight, ObservationCodes.bmi, ObservationCodes.bodyHeight];
  readonly variables: readonly ComponentVariable[] = [
    { name: 'F', unit: 'kg', index: I_F, kind: 'state' },
    { name: 'L', unit: 'kg', index: I_L, kind: 'state' },
    { name: 'AT', unit: 'kJ/d', index: I_AT, kind: 'state' },
    { name: 'energy_intake_change', unit: 'kJ/d', index: I_INTAKE, kind: 'state' },
    ...LOG_PARAMETERS.map((p) => ({ name: p.name, unit: p.unit, index: p.index, kind: 'log-parameter' as const })),
    { name: 'male', unit: '1', index: I_MALE, kind: 'state' },
  ];
  /** States, intake, BW0 and height are updated; PAL, age and sex are carried (consider parameters). */
  readonly localisation = Float64Array.of(1, 1, 1, 1, 1, 0, 1, 0, 0);
  readonly model: CompiledModel;
  readonly priors: BodyWeightPriors;
  readonly intake: IntakeProcess;
  private readonly observation: BodyWeightObservationModel;
  private readonly chunk: number;
  private readonly method: OdeMethod = tsit5();
  private readonly base: Float64Array;
  private readonly iParameter: Readonly<Record<'BW0' | 'PAL' | 'heightCm' | 'age' | 'male', number>>;
  private readonly iDeltaEI: number;
  private readonly iDeltaPAL: number;

  constructor(options: BodyWeightComponentOptions = {}) {
    this.model = getCompiledModel(BodyWeightComponent.modelId);
    const person = options.person ?? {};
    this.priors = bodyWeightPriors(person);
    this.intake = options.intake ?? DEFAULT_INTAKE_PROCESS;
    if (!(this.intake.tauDays > 0) || !(this.intake.sdKjPerDay >= 0)) throw new RangeError('intake: tauDays must be positive and sdKjPerDay non-negative');
    const noise = options.weightNoiseSdKg ?? DEFAULT_WEIGHT_NOISE_SD_KG;
    if (!(noise > 0)) throw new RangeError('weightNoiseSdKg: must be positive');
    this.chunk = options.chunkMin ?? MIN_PER_DAY;
    if (!(this.chunk > 0)) throw new RangeError('chunkMin: must be positive');
    const referenceHeight = this.priors.heightCm(this.priors.maleProbability >= 0.5).median;
    this.observation = new BodyWeightObservationModel(noise, referenceHeight);
    this.base = this.model.defaultParameters();
    const at = (name: string): number => this.model.parameterIndex(name);
    this.iParameter = { BW0: at('BW0'), PAL: at('PAL'), heightCm: at('heightCm'), age: at('age'), male: at('male') };
    this.iDeltaEI = this.model.inputIndex('deltaEI');
    this.iDeltaPAL = this.model.inputIndex('deltaPAL');
  }

  /** The prior of a log-parameter entry (height by the member's sex). */
  private priorOf(index: number, member: Float64Array): LogNormalPrior {
    if (index === I_BW0) return this.priors.BW0;
    if (index === I_PAL) return this.priors.PAL;
    if (index === I_HEIGHT) return this.priors.heightCm(member[I_MALE] >= 0.5);
    return this.priors.age;
  }

  /** The packed model parameters of a member. */
  parameters(member: Float64Array, out: Float64Array = new Float64Array(this.base.length)): Float64Array {
    out.set(this.base);
    for (const p of LOG_PARAMETERS) out[this.iParameter[p.name]] = Math.exp(member[p.index]);
    out[this.iParameter.male] = member[I_MALE];
    return out;
  }

  /** Body weight (kg) of a member. */
  weight(member: Float64Array): number {
    return member[I_F] + member[I_L];
  }

  /** Height (cm) of a member. */
  height(member: Float64Array): number {
    return Math.exp(member[I_HEIGHT]);
  }

  /** A member with these traits at its baseline balance (F, L from Jackson at BW0; AT 0) and intake change ΔEI. */
  private balancedMember(traits: Float64Array, deltaEI: number): Float64Array {
    const member = Float64Array.from(traits);
    member.set(this.model.initialState(this.parameters(member)), 0);
    member[I_INTAKE] = deltaEI;
    return member;
  }

  initialEnsemble(rng: SeededRandom, n: number): Float64Array[] {
    return Array.from({ length: n }, () => {
      const traits = new Float64Array(this.size);
      traits[I_MALE] = rng.uniform() < this.priors.maleProbability ? 1 : 0;
      for (const p of LOG_PARAMETERS) traits[p.index] = drawLog(this.priorOf(p.index, traits), rng);
      return this.balancedMember(traits, this.intake.sdKjPerDay * rng.normal());
    });
  }

  /**
   * After a gap too long to integrate: the member starts afresh around its current weight, as at genesis — in balance
   * there (BW0 := the weight, F and L by Jackson, AT 0) with an intake change from the prior — its other traits kept.
   * The weight gets a spread of RESTART_WEIGHT_LOG_SD, as the gap's change is unknown; BW0 is the reference of the
   * intake's reversion, and the old baseline says nothing of the intake after a long gap.
   */
  restart(members: readonly Float64Array[], rng: SeededRandom): Float64Array[] {
    return members.map((m) => {
      const traits = Float64Array.from(m);
      traits[I_BW0] = clipLog(this.priors.BW0, Math.log(this.weight(m)) + RESTART_WEIGHT_LOG_SD * rng.normal());
      return this.balancedMember(traits, this.intake.sdKjPerDay * rng.normal());
    });
  }

  redrawParameters(members: readonly Float64Array[], prior: readonly ParameterPriorEntry[], rng: SeededRandom, correlation?: readonly number[]): string[] {
    const targets: RedrawTarget[] = LOG_PARAMETERS.flatMap((p) => {
      const at = prior.findIndex((e) => e.name === p.name && Number.isFinite(e.logMean) && e.logSd >= 0);
      // height's bounds do not depend on sex, so any member's prior clips it
      const bounds = this.priorOf(p.index, new Float64Array(this.size));
      return at < 0 ? [] : [{ entry: prior[at], at, index: p.index, clip: (x: number) => clipLog(bounds, x) }];
    });
    redrawCorrelated(members, targets, prior.length, rng, correlation);
    return targets.map((t) => t.entry.name);
  }

  isPlausibleReading(loinc: string, value: number): boolean {
    return this.observation.isPlausible(loinc, value);
  }

  /**
   * Keeps a member physical: non-negative fat and fat-free mass, the weight within the adult range (both scaled), a
   * non-negative intake (ΔEI ≥ −EI0) at most twice the baseline one, the traits within their bounds, sex 0 or 1.
   */
  project(member: Float64Array): void {
    member[I_F] = Math.max(0, member[I_F]);
    member[I_L] = Math.max(0, member[I_L]);
    const bw = member[I_F] + member[I_L];
    const { min, max } = ADULT_READING_RANGE.weightKg;
    if (bw < min || bw > max) {
      const scale = bw <= 0 ? 0 : Math.min(max, Math.max(min, bw)) / bw;
      if (scale === 0) [member[I_F], member[I_L]] = [0.2 * min, 0.8 * min];
      else [member[I_F], member[I_L]] = [scale * member[I_F], scale * member[I_L]];
    }
    member[I_MALE] = member[I_MALE] >= 0.5 ? 1 : 0;
    for (const p of LOG_PARAMETERS) member[p.index] = clipLog(this.priorOf(p.index, member), member[p.index]);
    const EI0 = baselineIntake(this.model, this.parameters(member));
    member[I_INTAKE] = Math.min(EI0, Math.max(-EI0, member[I_INTAKE]));
  }

  /**
   * Advances the members from ta to tb (minutes): per chunk (a day, ending at every logged activity change) all
   * members' Hall states as one stacked ODE system (Tsit5, model time in days) under their own intake change and the
   * activity change in force, then the intake's OU step. `rng` null: noise-free.
   */
  propagate(members: readonly Float64Array[], ta: number, tb: number, inputs: KnownInputs, rng: SeededRandom | null): void {
    const changes = activityChangesWithin(inputs.activity, ta, tb);
    const ps = members.map(() => new Float64Array(this.base.length));
    const us = members.map(() => this.model.defaultInputs());
    let t = ta;
    while (t < tb - 1e-9) {
      const t1 = Math.min(tb, t + this.chunk, changes.find((c) => c > t + 1e-9) ?? Number.POSITIVE_INFINITY);
      const deltaPAL = activityChangeAt(inputs.activity, t);
      members.forEach((m, j) => {
        this.parameters(m, ps[j]);
        us[j][this.iDeltaEI] = m[I_INTAKE];
        us[j][this.iDeltaPAL] = deltaPAL;
      });
      integrateStackedEnsemble(
        {
          label: 'body-weight ensemble',
          rhs: this.model.f.rhs,
          stateCount: N_MODEL,
          nonNegativeStates: this.model.nonNegativeStates,
          members,
          parameters: ps,
          inputs: us,
          tspan: [t / MIN_PER_DAY, t1 / MIN_PER_DAY],
          breaks: new Map(),
        },
        this.method,
        TOLERANCE,
      );
      const dt = (t1 - t) / MIN_PER_DAY;
      members.forEach((m, j) => {
        const EI0 = baselineIntake(this.model, ps[j]);
        const next = advanceIntake(this.intake, m[I_INTAKE], dt, rng === null ? 0 : rng.normal());
        m[I_INTAKE] = Math.min(EI0, Math.max(-EI0, next));
      });
      t = t1;
    }
  }

  observe(member: Float64Array, loinc: string): number | null {
    return this.observation.observe(loinc, this.weight(member), this.height(member));
  }

  observationVariance(loinc: string): number {
    return this.observation.variance(loinc);
  }
}
