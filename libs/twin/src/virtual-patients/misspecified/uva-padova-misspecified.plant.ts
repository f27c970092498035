/**
 * UVA/Padova S2008 with what S2008 lacks and the twin does not model (issue 14, truth (a)):
 * - circadian insulin sensitivity: Vmx and kp3 multiplied by exp(a·cos(2π(t − peak)/24 h)), a ~ U(0.1, 0.3), peak
 *   time uniform over the day. Intraday SI variation in T1D with large between-person differences in its pattern:
 *   Hinshaw et al. 2013 (Diabetes 62:2223); modelled per subject in S2017, Visentin et al. 2018 (J Diabetes Sci
 *   Technol 12:273). The amplitude range and the uniform peak are OUR ASSUMPTION, not fitted values of those papers.
 * - dawn phenomenon: kp1 (EGP at zero glucose and insulin) raised by δ·EGPb in a raised-cosine bump centred at 05:30,
 *   6 h wide, δ ~ U(0.1, 0.4). Bolli & Gerich 1984 (N Engl J Med 310:746) for the phenomenon; S2017 models it too
 *   (Visentin et al. 2018). The magnitude range is OUR ASSUMPTION (unverified against those papers).
 * - meals of varying absorption: kabs, kmax and kmin of each meal multiplied by a log-normal factor (SD 0.3) and by
 *   the meal's own `absorption` (2 for hypo treatments). The SD is OUR ASSUMPTION; the variation of the rate of
 *   appearance between mixed meals is reported by Dalla Man et al. 2006 (IEEE TBME 53:1740 and related).
 * Everything else is S2008 as `simulate` runs it (Dalla Man et al. 2007, IEEE TBME 54:1740; Kovatchev et al. 2009).
 * The plant steps the model with `simulate` chunk by chunk, carrying the state, so parameters change between chunks.
 */
import { getCompiledModel, getModelRegistration, sampleVirtualSubjects, simulate, uvaPadovaTherapy, type ScheduleItem } from '@shuji/models';
import type { SeededRandom } from '@shuji/stats';
import { dailyBump, dailyRhythm, type GlucosePlant, type PlantMeal } from './glucose-plant';

const MODEL_ID = 'uva-padova-s2008';
const EATING_RATE_G_PER_MIN = 5;
const PMOL_PER_UNIT = 6000;

export interface UvaPadovaMisspecifiedOptions {
  /** Draw `index` of the cohort `seed` (sampleVirtualSubjects: around shared subject index mod 30). */
  readonly index: number;
  readonly seed: number;
  /** σ of the log-parameter draw around the base subject (default 0.1). */
  readonly logSd?: number;
  /** Turn the unmodelled physiology off (S2008 alone, stepped): for tests. */
  readonly physiology?: boolean;
}

export class UvaPadovaMisspecifiedPlant implements GlucosePlant {
  readonly baseSubject: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly basalUnitsPerHour: number;
  readonly therapy: { readonly carbRatio: number; readonly correctionFactor: number };
  /** The person's unmodelled physiology, for the docs and tests. */
  readonly physiology: { readonly siLogAmplitude: number; readonly siPeakMin: number; readonly dawnFraction: number };
  private readonly model = getCompiledModel(MODEL_ID);
  private readonly p: Float64Array;
  private y: Float64Array;
  private readonly iCgm: number;
  private readonly iBg: number;
  private mealMultiplier = 1;
  private mealLeftG = 0;
  private d = 0;
  interstitial: number;
  plasma: number;
  private readonly rng: SeededRandom;
  private readonly mealLogSd: number;

  constructor(options: UvaPadovaMisspecifiedOptions, rng: SeededRandom) {
    const registration = getModelRegistration(MODEL_ID);
    const subject = sampleVirtualSubjects(registration, { count: options.index + 1, seed: options.seed, logSd: options.logSd ?? 0.1 })[options.index];
    this.baseSubject = subject.baseSubject;
    this.parameters = subject.parameters;
    this.rng = rng;
    const on = options.physiology ?? true;
    this.physiology = {
      siLogAmplitude: on ? 0.1 + 0.2 * rng.uniform() : 0,
      siPeakMin: 1440 * rng.uniform(),
      dawnFraction: on ? 0.1 + 0.3 * rng.uniform() : 0,
    };
    this.mealLogSd = on ? 0.3 : 0;
    this.p = this.model.defaultParameters();
    for (const [name, value] of Object.entries(subject.parameters)) this.p[this.model.parameterIndex(name)] = value;
    this.y = this.model.initialState(this.p);
    const t = uvaPadovaTherapy(subject.baseSubject);
    this.therapy = { carbRatio: t.CR, correctionFactor: t.CF };
    this.basalUnitsPerHour = (subject.parameters.u2ss * subject.parameters.BW * 60) / PMOL_PER_UNIT;
    this.iCgm = this.model.outputNames.indexOf('cgm_mg_dl');
    this.iBg = this.model.outputNames.indexOf('bg_mg_dl');
    this.interstitial = this.y[this.model.stateIndex('Gs')] / subject.parameters.Vg;
    this.plasma = this.y[this.model.stateIndex('Gp')] / subject.parameters.Vg;
  }

  step(tMin: number, dtMin: number, meal: PlantMeal | undefined, bolusUnits: number, basalUnitsPerHour?: number): void {
    const base = this.parameters;
    const basal = basalUnitsPerHour === undefined ? base.u2ss : (basalUnitsPerHour * PMOL_PER_UNIT) / (60 * base.BW);
    const p = Float64Array.from(this.p);
    const set = (name: string, value: number): void => void (p[this.model.parameterIndex(name)] = value);
    const mid = tMin + dtMin / 2;
    const si = dailyRhythm(mid, this.physiology.siLogAmplitude, this.physiology.siPeakMin);
    set('Vmx', base.Vmx * si);
    set('kp3', base.kp3 * si);
    set('kp1', base.kp1 + this.physiology.dawnFraction * base.EGPb * dailyBump(mid, 5.5 * 60, 6 * 60));
    if (meal !== undefined && meal.carbsG > 0) {
      this.mealMultiplier = meal.absorption * Math.exp(this.mealLogSd * (meal.absorptionDraw ?? this.rng.normal()));
      this.mealLeftG += meal.carbsG;
      this.d = this.y[this.model.stateIndex('Qsto1')] + this.y[this.model.stateIndex('Qsto2')] + meal.carbsG * 1000;
    }
    for (const name of ['kabs', 'kmax', 'kmin']) set(name, base[name] * this.mealMultiplier);
    const schedule: ScheduleItem[] = [
      { kind: 'set-input', t: tMin, input: 'insulin', value: basal },
      { kind: 'set-input', t: tMin, input: 'D', value: this.d },
    ];
    if (this.mealLeftG > 0) {
      const eatMin = Math.min(dtMin, this.mealLeftG / EATING_RATE_G_PER_MIN);
      schedule.push({ kind: 'input-segment', input: 'CHO', start: tMin, end: tMin + eatMin, value: EATING_RATE_G_PER_MIN * 1000 });
      this.mealLeftG = Math.max(0, this.mealLeftG - eatMin * EATING_RATE_G_PER_MIN);
    }
    if (bolusUnits > 0) schedule.push({ kind: 'input-segment', input: 'insulin', start: tMin, end: tMin + 1, value: (bolusUnits * PMOL_PER_UNIT) / base.BW });
    const result = simulate(this.model, { parameterValues: p, initialValues: this.y, tspan: [tMin, tMin + dtMin], schedule, reportEvery: dtMin, rtol: 1e-7, atol: 1e-7 });
    if (result.outcome !== 'success') throw new Error(`${this.baseSubject} plant at t=${tMin} min: ${result.outcome}`);
    const rows = result.times.length;
    const n = result.stateNames.length;
    this.y = result.states.slice((rows - 1) * n, rows * n);
    const m = result.outputNames.length;
    this.interstitial = result.outputs[(rows - 1) * m + this.iCgm];
    this.plasma = result.outputs[(rows - 1) * m + this.iBg];
  }
}
