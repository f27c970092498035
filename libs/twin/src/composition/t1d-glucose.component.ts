/**
 * The type 1 diabetes glucose component: UVA/Padova S2008 (Dalla Man 2007; Kovatchev 2009) as an ensemble
 * member. A member is one augmented vector:
 *
 *   [ 13 model states | D | w | e | log θ_1 … log θ_K ]
 *
 * D is the meal amount the gastric-emptying function uses (set when a meal starts; it is state, not an input,
 * because it depends on the member's stomach content). w (mg/kg/min) is an unmodelled glucose flux into Gp,
 * an Ornstein–Uhlenbeck disturbance that absorbs unannounced meals, exercise and carb-count error: the
 * disturbance-state augmentation used by Kalman-filter glucose estimators (e.g. Lee H, Bequette BW. A
 * closed-loop artificial pancreas based on model predictive control. Chem Eng Sci 2009;64:4463-4475).
 * e is the (standardised) CGM error of Breton & Kovatchev 2008, so the sensor's autocorrelated error is
 * estimated and forecast rather than treated as white. θ are the personal parameters, estimated in log space.
 * φ are "consider" parameters (Schmidt SF. Application of state-space methods to navigation problems. Adv
 * Control Syst 1966;3:293-340; the Schmidt–Kalman filter): parameters the twin does not estimate but knows only
 * to a population spread. Each member draws its own φ and keeps it (gain weight 0, no walk), so the ensemble
 * carries that model uncertainty into its forecasts and into cov(θ, y) instead of letting θ absorb it.
 *
 * Meal semantics follow the UVA/Padova registration in @shuji/models: C g eaten at 5 g/min, D = stomach + C·1000
 * at meal start; a bolus of U units is delivered over one minute; basal in U/h.
 */
import { tsit5, type OdeMethod } from '@shuji/ode';
import { advanceSensorError, cgmSensorParameters, getCompiledModel, getModelRegistration, type CgmSensorParameters, type CompiledModel } from '@shuji/models';
import type { SeededRandom } from '@shuji/stats';
import type { ParameterPriorEntry } from '../state/twin-event';
import { redrawCorrelated, type RedrawTarget } from './correlated-redraw';
import type { KnownInputs } from './known-inputs';
import { ObservationCodes } from './observation-codes';
import { integrateStackedEnsemble, ReusableStackedEnsemble } from './stacked-ensemble.integrator';
import { T1dInputSchedule } from './t1d-input-schedule';
import { T1dObservationModel } from './t1d-observation.model';
import { CONSIDERED_BOUNDS, DEFAULT_CONSIDERED, DEFAULT_ESTIMATED, type ConsideredParameter, type EstimatedParameter } from './t1d-parameters';
import type { ComponentVariable, EnsembleComponent } from './twin-component';

/**
 * The glucose the twin will assimilate and hold (mg/dL): the edge's plausibility limits (libs/fhir
 * plausibility-table: above the highest blood glucose survived, 2,656 mg/dL), applied again here so that no
 * route around the edge can drive the ensemble to impossible states.
 */
export const GLUCOSE_READING_MG_DL = { min: 0, max: 3000 } as const;

export interface T1dComponentOptions {
  /** The person's prior parameters by name (e.g. a UVA/Padova subject, or a population phenotype). */
  readonly prior: Readonly<Record<string, number>>;
  readonly estimated?: readonly EstimatedParameter[];
  /** Consider parameters: drawn per member from their spread and never updated (default DEFAULT_CONSIDERED). */
  readonly considered?: readonly ConsideredParameter[];
  readonly sensor?: CgmSensorParameters;
  /** OU disturbance: correlation time (min) and stationary SD (mg/kg/min). */
  readonly disturbanceTauMin?: number;
  readonly disturbanceSd?: number;
  /** Fingerstick meter relative SD (ISO 15197:2013 allows ±15 %; typical meters ~5 %). */
  readonly meterCv?: number;
  /** SD of the log-parameter random walk per 5 min (keeps the ensemble from collapsing; default 0.002). */
  readonly parameterWalkSd?: number;
  /** Gain weight of the parameters (state–parameter localisation; default 0.03). */
  readonly parameterLocalisation?: number;
  /**
   * Member groups of the hierarchical regression-confidence factor on the parameters' gain (Anderson 2007; 0:
   * none, default 4 interleaved groups): with tens of members the sample cov(θ, y) over ~300 readings a day is mostly noise,
   * and without the factor it shrinks the parameters' spread whether or not the data inform them.
   */
  readonly parameterGroups?: number;
  /** Longest integration chunk (min): the disturbance and sensor error advance per chunk. */
  readonly chunkMin?: number;
  /**
   * Start each chunk's solve with a step of the whole chunk (error-controlled: rejected and shrunk where the
   * tolerance needs it) instead of the starting-step estimate of Hairer, Nørsett & Wanner (Solving ODEs I, §II.4),
   * which on a 5-min chunk of UVA/Padova gives a short first step and ~3.5 steps a chunk (22.75 vs 9.7 member
   * right-hand sides a chunk on bench:recommend's twin; mean glucose within 1e-4 mg/dL). The what-if's choice; off
   * by default, since the fold's numerics belong to the component's revision (`id`).
   */
  readonly wholeChunkFirstStep?: boolean;
}

const N_MODEL = 13;
/** The filter's step tolerance: far below the CGM noise (12 mg/dL), and the cost per member. */
const FILTER_TOLERANCE = { rtol: 1e-4, atol: 1e-3 };
/**
 * The batch fit's: its Jacobians are forward differences of one solve over days, with a step of the order of √rtol
 * (the fit's JACOBIAN_STEP), so the solver's error stays well below what the step resolves.
 */
export const TRAJECTORY_TOLERANCE = { rtol: 1e-7, atol: 1e-6 } as const;

export class T1dGlucoseComponent implements EnsembleComponent {
  static readonly modelId = 'uva-padova-s2008';
  /**
   * model@model-version/twin.revision: snapshots are versioned by it, so members of another layout or another filter
   * never restore into this one. Bump the revision whenever a change alters a fold (history: docs/decisions.md).
   */
  readonly id = 'uva-padova-s2008@2008.1/twin.4';
  readonly variables: readonly ComponentVariable[];
  readonly model: CompiledModel;
  readonly estimated: readonly EstimatedParameter[];
  readonly considered: readonly ConsideredParameter[];
  /** First entry of the consider block (log φ), after the K log θ. */
  readonly iConsidered: number;
  readonly sensor: CgmSensorParameters;
  readonly size: number;
  readonly iD = N_MODEL;
  readonly iW = N_MODEL + 1;
  readonly iE = N_MODEL + 2;
  readonly iTheta = N_MODEL + 3;
  readonly explains = [ObservationCodes.cgmGlucose, ObservationCodes.bloodGlucose, ObservationCodes.capillaryGlucose];
  private readonly basePrior: Float64Array;
  /** As constructed (plain data: a worker thread rebuilds the same component from it). */
  readonly options: T1dComponentOptions;
  private readonly thetaIndex: readonly number[];
  private readonly consideredIndex: readonly number[];
  private readonly consideredPriorLog: Float64Array;
  private readonly priorLog: Float64Array;
  private readonly tau: number;
  private readonly wSd: number;
  private readonly chunk: number;
  private readonly thetaWalkSd: number;
  readonly localisation: Float64Array;
  readonly hierarchical?: { readonly groups: number; readonly variables: readonly number[] };
  private readonly observation: T1dObservationModel;
  private readonly schedule: T1dInputSchedule;
  private readonly method: OdeMethod = tsit5();
  private readonly derive: (p: Readonly<Record<string, number>>) => Record<string, number>;
  private readonly idx: Readonly<Record<string, number>>;
  /**
   * The packed parameters being derived, seen by name for the steady-state derivation: a getter per parameter over
   * `namedSource` (reads only: writing ~12 names a call into a 46-key object was most of `parameters`' time).
   */
  private readonly named: Readonly<Record<string, number>>;
  private namedSource: Float64Array;
  /** The steady-state derivation's names and their parameter indices (after the first `parameters`). */
  private derivedKeys?: readonly string[];
  private derivedIndex = new Int32Array(0);
  /** Log bounds of each θ_k (logBounds, computed once). */
  private readonly logLo: Float64Array;
  private readonly logHi: Float64Array;

  constructor(options: T1dComponentOptions) {
    this.options = options;
    this.model = getCompiledModel(T1dGlucoseComponent.modelId);
    const registration = getModelRegistration(T1dGlucoseComponent.modelId);
    this.derive = registration.cohort?.deriveSteadyState ?? (() => ({}));
    this.estimated = options.estimated ?? DEFAULT_ESTIMATED;
    this.sensor = options.sensor ?? cgmSensorParameters();
    this.observation = new T1dObservationModel(this.sensor, options.meterCv ?? 0.05);
    // the default consider set leaves out whatever the caller estimates; an explicit overlap is an error
    this.considered = options.considered ?? DEFAULT_CONSIDERED.filter((c) => !this.estimated.some((e) => e.name === c.name));
    for (const c of this.considered) {
      if (this.estimated.some((e) => e.name === c.name)) throw new RangeError(`considered: "${c.name}" is also estimated`);
      if (!(c.logSd >= 0)) throw new RangeError(`considered: logSd of "${c.name}" must be non-negative`);
    }
    this.iConsidered = this.iTheta + this.estimated.length;
    this.size = this.iConsidered + this.considered.length;
    this.basePrior = this.model.defaultParameters();
    for (const [name, value] of Object.entries(options.prior)) this.basePrior[this.model.parameterIndex(name)] = value;
    this.thetaIndex = this.estimated.map((e) => this.model.parameterIndex(e.name));
    this.namedSource = this.basePrior;
    const named: Record<string, number> = {};
    this.model.parameterNames.forEach((n, i) => Object.defineProperty(named, n, { get: () => this.namedSource[i], enumerable: true }));
    this.named = named;
    this.priorLog = Float64Array.from(this.thetaIndex, (i) => Math.log(this.basePrior[i]));
    this.logLo = Float64Array.from(this.estimated, (e, k) => this.priorLog[k] + Math.log(e.bounds[0]));
    this.logHi = Float64Array.from(this.estimated, (e, k) => this.priorLog[k] + Math.log(e.bounds[1]));
    this.consideredIndex = this.considered.map((c) => this.model.parameterIndex(c.name));
    this.consideredPriorLog = Float64Array.from(this.consideredIndex, (i) => Math.log(this.basePrior[i]));
    this.tau = options.disturbanceTauMin ?? 60;
    this.wSd = options.disturbanceSd ?? 1.1;
    this.chunk = options.chunkMin ?? 5;
    this.thetaWalkSd = options.parameterWalkSd ?? 0.002;
    this.localisation = new Float64Array(this.size)
      .fill(1)
      .fill(options.parameterLocalisation ?? 0.03, this.iTheta)
      .fill(0, this.iConsidered);
    const groups = options.parameterGroups ?? 4;
    if (!(groups === 0 || (Number.isInteger(groups) && groups >= 2))) throw new RangeError('parameterGroups: must be 0 (none) or an integer ≥ 2');
    if (groups > 0) this.hierarchical = { groups, variables: this.estimated.map((_, k) => this.iTheta + k) };
    const names = ['Qsto1', 'Qsto2', 'Gp', 'Gs', 'BW', 'Vg', 'u2ss'];
    this.variables = [
      ...this.model.spec.states.map((st, i) => ({ name: st.name, unit: st.unit, index: i, kind: 'state' as const })),
      { name: 'unmodelled_glucose_flux', unit: 'mg/kg/min', index: this.iW, kind: 'state' },
      { name: 'cgm_error_gaussian', unit: '1', index: this.iE, kind: 'state' },
      ...this.estimated.map((e, k) => ({
        name: e.name,
        unit: this.model.spec.parameters[this.thetaIndex[k]].unit,
        index: this.iTheta + k,
        kind: 'log-parameter' as const,
      })),
      // the consider parameters too: their spread is the population's until the batch fit identifies them
      ...this.considered.map((c, m) => ({
        name: c.name,
        unit: this.model.spec.parameters[this.consideredIndex[m]].unit,
        index: this.iConsidered + m,
        kind: 'log-parameter' as const,
      })),
    ];
    this.idx = Object.fromEntries(
      names.map((n) => [n, n === 'BW' || n === 'Vg' || n === 'u2ss' ? this.model.parameterIndex(n) : this.model.stateIndex(n)]),
    );
    this.schedule = new T1dInputSchedule(this.model, { BW: this.idx.BW, u2ss: this.idx.u2ss, Qsto1: this.idx.Qsto1, Qsto2: this.idx.Qsto2 });
  }

  /** Prior mean and SD of log θ_k. */
  priorOf(k: number): { mean: number; sd: number } {
    return { mean: this.priorLog[k], sd: this.estimated[k].logSd };
  }

  /** Prior mean and SD of log φ_m (a consider parameter). */
  consideredPriorOf(m: number): { mean: number; sd: number } {
    return { mean: this.consideredPriorLog[m], sd: this.considered[m].logSd };
  }

  /** Log bounds of θ_k. */
  logBounds(k: number): readonly [number, number] {
    return [this.logLo[k], this.logHi[k]];
  }

  /** The packed model parameters of a member: prior values with θ applied and steady-state terms re-derived. */
  parameters(member: Float64Array, out: Float64Array = new Float64Array(this.basePrior.length)): Float64Array {
    // called per member and chunk (the what-if's and the filter's hot path): plain loops, no per-call arrays
    out.set(this.basePrior);
    for (let k = 0; k < this.estimated.length; k++) out[this.thetaIndex[k]] = Math.exp(member[this.iTheta + k]);
    for (let m = 0; m < this.considered.length; m++) out[this.consideredIndex[m]] = Math.exp(member[this.iConsidered + m]);
    // the derivation sees the prior with θ and φ applied (out so far); it returns new values, written after it
    this.namedSource = out;
    const derived = this.derive(this.named);
    // the derived names are the same every call: their indices looked up once
    let keys = this.derivedKeys;
    if (keys === undefined) {
      keys = Object.keys(derived);
      this.derivedKeys = keys;
      this.derivedIndex = Int32Array.from(keys, (n) => this.model.parameterIndex(n));
    }
    const at = this.derivedIndex;
    for (let i = 0; i < keys.length; i++) out[at[i]] = derived[keys[i]];
    return out;
  }

  /** Basal steady state for parameters θ (log values; φ at their prior unless given), with no meal, no disturbance. */
  steadyMember(logTheta: Float64Array, e: number, logPhi: Float64Array = this.consideredPriorLog): Float64Array {
    const member = new Float64Array(this.size);
    member.set(logTheta, this.iTheta);
    member.set(logPhi, this.iConsidered);
    const p = this.parameters(member);
    member.set(this.model.initialState(p), 0);
    member[this.iE] = e;
    return member;
  }

  /** N members drawn from the prior, at basal steady state (the person before any data). */
  initialEnsemble(rng: SeededRandom, n: number): Float64Array[] {
    return Array.from({ length: n }, () => {
      const logTheta = Float64Array.from(this.priorLog, (m, k) => this.clipLog(k, m + this.estimated[k].logSd * rng.normal()));
      const e = rng.normal();
      const logPhi = Float64Array.from(this.consideredPriorLog, (m, k) => m + this.considered[k].logSd * rng.normal());
      const member = this.steadyMember(logTheta, e, logPhi);
      member[this.iW] = this.wSd * 0.3 * rng.normal();
      return member;
    });
  }

  /**
   * The same person with every parameter estimated (the consider parameters join θ with their spread as prior):
   * the batch fit's view, which can learn a consider parameter the filter only carries.
   */
  withAllEstimated(): T1dGlucoseComponent {
    return new T1dGlucoseComponent({
      ...this.options,
      estimated: [...this.estimated, ...this.considered.map((c) => ({ name: c.name, logSd: c.logSd, bounds: CONSIDERED_BOUNDS }))],
      considered: [],
    });
  }

  redrawParameters(
    members: readonly Float64Array[],
    prior: readonly ParameterPriorEntry[],
    rng: SeededRandom,
    correlation?: readonly number[],
  ): string[] {
    const targets = this.redrawTargets(prior);
    redrawCorrelated(members, targets, prior.length, rng, correlation);
    return targets.map((t) => t.entry.name);
  }

  /**
   * The entries of `prior` this component redraws (finite mean, non-negative SD), estimated parameters first, then
   * consider parameters (a consider parameter the data have identified, e.g. by the batch fit, is carried at its
   * posterior spread), each with its member entry, its place in `prior` and its bounds: the estimated parameters'
   * own, the consider parameters' those the batch fit estimates them in (withAllEstimated).
   */
  private redrawTargets(prior: readonly ParameterPriorEntry[]): RedrawTarget[] {
    const at = (name: string): number => {
      const i = prior.findIndex((e) => e.name === name);
      return i >= 0 && Number.isFinite(prior[i].logMean) && prior[i].logSd >= 0 ? i : -1;
    };
    const estimated = this.estimated.flatMap((p, k) => {
      const i = at(p.name);
      return i < 0 ? [] : [{ entry: prior[i], at: i, index: this.iTheta + k, clip: (x: number) => this.clipLog(k, x) }];
    });
    const considered = this.considered.flatMap((c, m) => {
      const i = at(c.name);
      const [lo, hi] = CONSIDERED_BOUNDS.map((b) => this.consideredPriorLog[m] + Math.log(b));
      return i < 0 ? [] : [{ entry: prior[i], at: i, index: this.iConsidered + m, clip: (x: number) => Math.min(hi, Math.max(lo, x)) }];
    });
    return [...estimated, ...considered];
  }

  clipLog(k: number, value: number): number {
    return Math.min(this.logHi[k], Math.max(this.logLo[k], value));
  }

  /** Basal steady state for each member's own θ and φ, with a fresh sensor error and disturbance (after a long gap). */
  restart(members: readonly Float64Array[], rng: SeededRandom): Float64Array[] {
    return members.map((m) => {
      const member = this.steadyMember(m.slice(this.iTheta, this.iTheta + this.estimated.length), rng.normal(), m.slice(this.iConsidered, this.iConsidered + this.considered.length));
      member[this.iW] = this.wSd * 0.3 * rng.normal();
      return member;
    });
  }

  /** Glucose readings within GLUCOSE_READING_MG_DL; other codes are not this component's to judge. */
  isPlausibleReading(loinc: string, value: number): boolean {
    if (!Number.isFinite(value)) return false;
    const explained = loinc === ObservationCodes.cgmGlucose.loinc || loinc === ObservationCodes.bloodGlucose.loinc || loinc === ObservationCodes.capillaryGlucose.loinc;
    return !explained || (value >= GLUCOSE_READING_MG_DL.min && value <= GLUCOSE_READING_MG_DL.max);
  }

  /** Keeps a member physical after an analysis: non-negative amounts, glucose below the plausible ceiling, θ inside its bounds. */
  project(member: Float64Array): void {
    for (const i of this.model.nonNegativeStates) if (member[i] < 0) member[i] = 0;
    const ceiling = GLUCOSE_READING_MG_DL.max * this.basePrior[this.idx.Vg];
    for (const i of [this.idx.Gp, this.idx.Gs]) if (member[i] > ceiling) member[i] = ceiling;
    if (member[this.iD] < 0) member[this.iD] = 0;
    for (let k = 0; k < this.estimated.length; k++) member[this.iTheta + k] = this.clipLog(k, member[this.iTheta + k]);
  }

  /**
   * Advances the ensemble from ta to tb under the known inputs: all members' model ODEs as one stacked system
   * (one solver call, shared step size: the per-call overhead dominates a 5-min step of a 13-state model),
   * Tsit5 (Tsitouras 2011, via @shuji/ode) with every input change as a time event; then per chunk the
   * disturbance flux into Gp, the OU disturbance, the sensor-error AR(1) and a slow random walk of log θ
   * (parameters drift: insulin sensitivity varies within and between days). `rng` null: noise-free.
   */
  propagate(members: readonly Float64Array[], ta: number, tb: number, inputs: KnownInputs, rng: SeededRandom | null): void {
    this.propagateChunks(members, ta, tb, rng, [], (ps, t, t1) => this.integrate(members, ps, t, t1, inputs));
  }

  /**
   * A propagation of `size` members that keeps its solver between calls: `propagate`'s chunks, disturbance, sensor
   * error and parameter walk, with the model states advanced by one ReusableStackedEnsemble (its buffers and the
   * members' parameter and input arrays allocated once), each chunk's solve started with a step of the whole chunk:
   * the numbers of `propagate` with wholeChunkFirstStep, bit for bit, at about half the CPU (what-if of
   * bench:recommend). For a caller that advances the same members chunk after chunk (the what-if); the twin's fold
   * keeps `propagate` and its starting-step estimate.
   */
  ensemblePropagator(size: number): (members: readonly Float64Array[], ta: number, tb: number, inputs: KnownInputs, rng: SeededRandom | null) => void {
    const stacked = new ReusableStackedEnsemble('T1D ensemble', this.model.f.rhs, N_MODEL, this.model.nonNegativeStates, size, this.method, FILTER_TOLERANCE);
    const ps = Array.from({ length: size }, () => new Float64Array(this.basePrior.length));
    const us = Array.from({ length: size }, () => this.model.defaultInputs());
    const iD = this.schedule.mealAmountInput;
    return (members, ta, tb, inputs, rng) =>
      this.propagateChunks(members, ta, tb, rng, ps, (chunkPs, t, t1) => {
        const { breaks } = this.schedule.schedule(members, chunkPs, t, t1, inputs, this.iD, us);
        stacked.advance(members, chunkPs, us, t, t1, breaks);
        for (let j = 0; j < members.length; j++) members[j][this.iD] = us[j][iD];
      });
  }

  /** propagate's chunk loop: per chunk the members' parameters (into `ps`, grown as needed), `integrate`, then the noise. */
  private propagateChunks(
    members: readonly Float64Array[],
    ta: number,
    tb: number,
    rng: SeededRandom | null,
    ps: Float64Array[],
    integrate: (ps: readonly Float64Array[], t: number, t1: number) => void,
  ): void {
    let t = ta;
    while (t < tb - 1e-9) {
      // parameters of this chunk (θ moves by the walk between chunks)
      for (let j = 0; j < members.length; j++) ps[j] = this.parameters(members[j], ps[j]);
      const t1 = Math.min(tb, t + this.chunk);
      integrate(ps, t, t1);
      const dt = t1 - t;
      const a = Math.exp(-dt / this.tau);
      const walk = this.thetaWalkSd * Math.sqrt(dt / 5);
      for (const member of members) {
        member[this.idx.Gp] = Math.max(0, member[this.idx.Gp] + member[this.iW] * dt);
        member[this.iW] = a * member[this.iW] + (rng === null ? 0 : this.wSd * Math.sqrt(1 - a * a) * rng.normal());
        member[this.iE] = advanceSensorError(this.sensor, member[this.iE], dt, rng === null ? 0 : rng.normal());
        if (rng !== null && walk > 0) {
          for (let k = 0; k < this.estimated.length; k++) {
            member[this.iTheta + k] = this.clipLog(k, member[this.iTheta + k] + walk * rng.normal());
          }
        }
      }
      t = t1;
    }
  }

  /**
   * Noise-free interstitial glucose (mg/dL) of one member at each of `timesMin` (ascending, after t0), with its
   * disturbance at 0 and θ fixed: one solve with output at the reading times instead of a propagation per reading
   * (the batch fit's residuals; equal to `propagate` with no noise and w = 0 up to the solver's tolerance).
   */
  interstitialTrajectory(member: Float64Array, t0: number, timesMin: Float64Array, inputs: KnownInputs): Float64Array {
    if (timesMin.length === 0) return new Float64Array(0);
    const y = Float64Array.from(member);
    y[this.iW] = 0;
    const sol = this.integrate([y], [this.parameters(y)], t0, timesMin[timesMin.length - 1], inputs, timesMin, TRAJECTORY_TOLERANCE);
    const Vg = this.basePrior[this.idx.Vg];
    return Float64Array.from(timesMin, (_, i) => sol[i * N_MODEL + this.idx.Gs] / Vg);
  }

  /** Integrates the members' model states from ta to tb; returns the solution at `saveAt` (default tb), stacked. */
  private integrate(
    members: readonly Float64Array[],
    ps: readonly Float64Array[],
    ta: number,
    tb: number,
    inputs: KnownInputs,
    saveAt: Float64Array = Float64Array.of(tb),
    tolerance: { rtol: number; atol: number } = FILTER_TOLERANCE,
  ): Float64Array {
    const { us, breaks } = this.schedule.schedule(members, ps, ta, tb, inputs, this.iD);
    const y = integrateStackedEnsemble(
      { label: 'T1D ensemble', rhs: this.model.f.rhs, stateCount: N_MODEL, nonNegativeStates: this.model.nonNegativeStates, members, parameters: ps, inputs: us, tspan: [ta, tb], breaks },
      this.method,
      { ...tolerance, saveAt, ...(this.options.wholeChunkFirstStep === true ? { initialStep: tb - ta } : {}) },
    );
    const iD = this.schedule.mealAmountInput;
    members.forEach((m, j) => (m[this.iD] = us[j][iD]));
    return y;
  }

  /** Noise-free plasma / interstitial glucose (mg/dL). */
  interstitialGlucose(member: Float64Array): number {
    return member[this.idx.Gs] / this.basePrior[this.idx.Vg];
  }

  plasmaGlucose(member: Float64Array): number {
    return member[this.idx.Gp] / this.basePrior[this.idx.Vg];
  }

  /** Predicted observation for a LOINC code, or null if not explained (T1dObservationModel). */
  observe(member: Float64Array, loinc: string): number | null {
    return this.observation.observe(loinc, this.interstitialGlucose(member), this.plasmaGlucose(member), member[this.iE]);
  }

  /** White (unmodelled) variance of a reading. */
  observationVariance(loinc: string, value: number): number {
    return this.observation.variance(loinc, value);
  }
}
