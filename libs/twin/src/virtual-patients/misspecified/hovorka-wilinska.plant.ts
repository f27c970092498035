/**
 * Truth (b): a structurally different model, Hovorka et al. 2004 (Physiol Meas 25:905; `hovorka-2004` of
 * @shuji/models), with inter-subject variability after Wilinska et al. 2010 (J Diabetes Sci Technol 4:132,
 * "Simulation environment to evaluate closed-loop insulin delivery systems in type 1 diabetes") and intra-day
 * variability. The distributions below are WRITTEN FROM MEMORY of Wilinska et al. 2010 (their table of the
 * synthetic population) and are NOT VERIFIED against the paper; means are Hovorka 2004 Table 1 (verified in the
 * model file), spreads as we recall them, drawn log-normally with the recalled CV and truncated at ±2 SD:
 *   SIT 51.2e-4 (CV ~0.6), SID 8.2e-4 (CV ~0.9), SIE 520e-4 (CV ~0.6), EGP0 0.0161 (CV ~0.25), F01 0.0097 (CV ~0.2),
 *   k12 0.066 (CV ~0.4), ka1 0.006, ka2 0.06, ka3 0.03 (CV ~0.5 each, capped), ke 0.138 (CV ~0.25), VI 0.12 (CV 0.1),
 *   VG 0.16 (CV 0.2), tmaxI 55 min (CV 0.25), tmaxG 40 min (CV 0.25), AG U(0.7, 1.0), BW log-normal median 74 kg (SD 0.15).
 * Intra-day variability (OUR ASSUMPTION in the spirit of Wilinska et al. 2010, which vary sensitivities within a
 * day; the form and size here are not theirs): SIT, SID and SIE follow exp(a·cos(2π(t − peak)/24 h)), a ~ U(0.1, 0.3),
 * and every meal's tmaxG is multiplied by a log-normal factor (SD 0.3).
 * Interstitial glucose: a first-order lag of plasma glucose with time constant 10 min (OUR ASSUMPTION; Wilinska et
 * al. 2010 add a lag of this kind in their measurement model, value not verified).
 * Basal: the pump rate that holds plasma glucose at 7 mmol/L at steady state (closed form of the model file's
 * header), as a titrated basal would; subjects needing less than 0.1 or more than 4 U/h are redrawn. Carbohydrate
 * ratio: the one that brings a 50-g meal back to 7 mmol/L after 5 h; correction factor 1800/TDI mg/dL per U (the
 * "1800 rule" of pump therapy, Walsh & Roberts, Pumping Insulin; TDI = daily basal + 3 × 60 g / ratio).
 */
import { getCompiledModel, simulate, type ScheduleItem } from '@shuji/models';
import type { SeededRandom } from '@shuji/stats';
import { dailyRhythm, type GlucosePlant, type PlantMeal } from './glucose-plant';

const MODEL_ID = 'hovorka-2004';
/** mg/dL per mmol/L of glucose (molar mass 180.16 g/mol). */
export const MG_DL_PER_MMOL_L = 18.016;
const GLUCOSE_G_PER_MOL = 180.16;
const TARGET_MMOL_L = 7;
const INTERSTITIAL_TAU_MIN = 10;

/** [median, CV] of the recalled Wilinska et al. 2010 distributions (unverified; see the header). */
const VARIABILITY: Readonly<Record<string, readonly [number, number]>> = {
  SIT: [51.2e-4, 0.6],
  SID: [8.2e-4, 0.9],
  SIE: [520e-4, 0.6],
  EGP0: [0.0161, 0.25],
  F01: [0.0097, 0.2],
  k12: [0.066, 0.4],
  ka1: [0.006, 0.5],
  ka2: [0.06, 0.5],
  ka3: [0.03, 0.5],
  ke: [0.138, 0.25],
  VI: [0.12, 0.1],
  VG: [0.16, 0.2],
  tmaxI: [55, 0.25],
  tmaxG: [40, 0.25],
  BW: [74, 0.15],
};

export interface HovorkaWilinskaOptions {
  /** Turn the intra-day variability off: for tests. */
  readonly intraDay?: boolean;
}

/** Steady-state plasma glucose (mmol/L) of the model at basal rate `ub` (mU/min), from the model file's closed form. */
export function hovorkaSteadyGlucose(p: Readonly<Record<string, number>>, ub: number): number {
  const ib = ub / (p.ke * p.VI * p.BW);
  const [x1, x2, x3] = [p.SIT * ib, p.SID * ib, p.SIE * ib];
  const q1 = ((p.EGP0 * (1 - x3) - p.F01) * p.BW * (p.k12 + x2)) / (x1 * x2);
  return q1 / (p.VG * p.BW);
}

/** Draws until the subject has a steady state at 7 mmol/L with a basal rate of 0.1–4 U/h (rejection sampling). */
function drawValidSubject(draw: (median: number, cv: number) => number, rng: SeededRandom): Record<string, number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const p: Record<string, number> = {};
    for (const [name, [median, cv]] of Object.entries(VARIABILITY)) p[name] = draw(median, cv);
    p.AG = 0.7 + 0.3 * rng.uniform();
    // basal by bisection on a log scale: steady glucose decreases with the basal rate
    const [loUb, hiUb] = [(0.1 * 1000) / 60, (4 * 1000) / 60];
    if (!(hovorkaSteadyGlucose(p, loUb) > TARGET_MMOL_L && hovorkaSteadyGlucose(p, hiUb) < TARGET_MMOL_L)) continue;
    let lo = loUb;
    let hi = hiUb;
    for (let i = 0; i < 60; i++) {
      const mid = Math.sqrt(lo * hi);
      if (hovorkaSteadyGlucose(p, mid) > TARGET_MMOL_L) lo = mid;
      else hi = mid;
    }
    p.ub = Math.sqrt(lo * hi);
    return p;
  }
  throw new Error('Hovorka plant: no valid subject in 100 draws');
}

/**
 * The carbohydrate ratio (g/U) whose bolus brings a 50-g meal back to the basal glucose 5 h later (bisection on the
 * bolus), as simulators titrate their subjects' ratios (the UVA/Padova Quest.csv ratios are set by a similar rule).
 */
function matchedCarbRatio(model: ReturnType<typeof getCompiledModel>, p: Float64Array): number {
  const AG = p[model.parameterIndex('AG')];
  const g5h = (units: number): number => {
    const schedule: ScheduleItem[] = [
      { kind: 'add-to-state', t: 0, state: 'D1', amount: (AG * 50 * 1000) / GLUCOSE_G_PER_MOL },
      { kind: 'add-to-state', t: 0, state: 'S1', amount: units * 1000 },
    ];
    const r = simulate(model, { parameterValues: p, duration: 300, schedule, reportEvery: 300, rtol: 1e-7, atol: 1e-7 });
    const g = r.column('glucose');
    return g[g.length - 1];
  };
  let lo = 0.05;
  let hi = 50;
  for (let i = 0; i < 30; i++) {
    const mid = Math.sqrt(lo * hi);
    if (g5h(mid) > TARGET_MMOL_L) lo = mid;
    else hi = mid;
  }
  return 50 / Math.sqrt(lo * hi);
}

export class HovorkaWilinskaPlant implements GlucosePlant {
  readonly parameters: Readonly<Record<string, number>>;
  readonly basalUnitsPerHour: number;
  readonly therapy: { readonly carbRatio: number; readonly correctionFactor: number };
  readonly intraDay: { readonly siLogAmplitude: number; readonly siPeakMin: number };
  private readonly model = getCompiledModel(MODEL_ID);
  private readonly p: Float64Array;
  private y: Float64Array;
  interstitial: number;
  plasma: number;
  private tmaxGMultiplier = 1;
  private readonly rng: SeededRandom;
  private readonly mealLogSd: number;

  constructor(rng: SeededRandom, options: HovorkaWilinskaOptions = {}) {
    this.rng = rng;
    const draw = (median: number, cv: number): number => {
      const sd = Math.sqrt(Math.log(1 + cv * cv));
      return median * Math.exp(sd * Math.max(-2, Math.min(2, rng.normal())));
    };
    const parameters = drawValidSubject(draw, rng);
    this.parameters = parameters;
    const on = options.intraDay ?? true;
    this.intraDay = { siLogAmplitude: on ? 0.1 + 0.2 * rng.uniform() : 0, siPeakMin: 1440 * rng.uniform() };
    this.mealLogSd = on ? 0.3 : 0;
    this.basalUnitsPerHour = (parameters.ub * 60) / 1000;
    this.p = this.model.defaultParameters();
    for (const [name, value] of Object.entries(parameters)) this.p[this.model.parameterIndex(name)] = value;
    const carbRatio = matchedCarbRatio(this.model, this.p);
    const tdi = 24 * this.basalUnitsPerHour + 180 / carbRatio;
    this.therapy = { carbRatio, correctionFactor: 1800 / tdi };
    this.y = this.model.initialState(this.p);
    this.plasma = (this.y[this.model.stateIndex('Q1')] / (parameters.VG * parameters.BW)) * MG_DL_PER_MMOL_L;
    this.interstitial = this.plasma;
  }

  step(tMin: number, dtMin: number, meal: PlantMeal | undefined, bolusUnits: number, basalUnitsPerHour?: number): void {
    const base = this.parameters;
    const p = Float64Array.from(this.p);
    const si = dailyRhythm(tMin + dtMin / 2, this.intraDay.siLogAmplitude, this.intraDay.siPeakMin);
    for (const name of ['SIT', 'SID', 'SIE']) p[this.model.parameterIndex(name)] = base[name] * si;
    // a pump rate other than the titrated basal ub: the difference on top of ub (mU/min)
    const schedule: ScheduleItem[] = [];
    if (basalUnitsPerHour !== undefined) schedule.push({ kind: 'set-input', t: tMin, input: 'insulinInfusion', value: ((basalUnitsPerHour - this.basalUnitsPerHour) * 1000) / 60 });
    if (meal !== undefined && meal.carbsG > 0) {
      this.tmaxGMultiplier = Math.exp(this.mealLogSd * (meal.absorptionDraw ?? this.rng.normal())) / meal.absorption;
      schedule.push({ kind: 'add-to-state', t: tMin, state: 'D1', amount: (base.AG * meal.carbsG * 1000) / GLUCOSE_G_PER_MOL });
    }
    p[this.model.parameterIndex('tmaxG')] = base.tmaxG * this.tmaxGMultiplier;
    if (bolusUnits > 0) schedule.push({ kind: 'add-to-state', t: tMin, state: 'S1', amount: bolusUnits * 1000 });
    const result = simulate(this.model, { parameterValues: p, initialValues: this.y, tspan: [tMin, tMin + dtMin], schedule, reportEvery: 1, rtol: 1e-7, atol: 1e-7 });
    if (result.outcome !== 'success') throw new Error(`Hovorka plant at t=${tMin} min: ${result.outcome}`);
    const g = result.column('glucose');
    const decay = Math.exp(-1 / INTERSTITIAL_TAU_MIN);
    for (let k = 1; k < g.length; k++) this.interstitial = g[k] * MG_DL_PER_MMOL_L + (this.interstitial - g[k] * MG_DL_PER_MMOL_L) * decay;
    this.plasma = g[g.length - 1] * MG_DL_PER_MMOL_L;
    const rows = result.times.length;
    const n = result.stateNames.length;
    this.y = result.states.slice((rows - 1) * n, rows * n);
  }
}
