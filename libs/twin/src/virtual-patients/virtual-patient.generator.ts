/**
 * Virtual T1D people for demos and validation: a UVA/Padova subject's parameters perturbed log-normally
 * (sampleVirtualSubjects of @shuji/models, so nobody equals a shared subject), a life of three meals and an
 * occasional snack with timing and size noise, carb-counting error, some meals unannounced (no log, no bolus),
 * boluses by the subject's carbohydrate ratio (Quest.csv), patient-default basal, a CGM every 5 min with the
 * Breton & Kovatchev 2008 error model, and two fingersticks a day (meter CV 5 %).
 * The truth is simulated with `simulate` and the registration's own scenario semantics.
 */
import {
  getCompiledModel,
  getModelRegistration,
  sampleVirtualSubjects,
  simulate,
  uvaPadovaTherapy,
  type ScenarioBolus,
  type ScenarioMeal,
} from '@shuji/models';
import { advanceSensorError, cgmReading, cgmSensorParameters, type CgmSensorParameters } from '@shuji/models';
import { ObservationCodes } from '../composition/observation-codes';
import { seededRandom } from '@shuji/stats';
import { MS_PER_MIN, type TwinEvent } from '../state/twin-event';
import { fingerstickEvents } from './fingersticks';

export interface VirtualPatientOptions {
  /** Index i: the patient is drawn around shared subject i mod 30. */
  readonly index: number;
  readonly days: number;
  /** Seed of the parameter draw (the cohort) and of the life (meals, noise). */
  readonly seed?: number;
  /** Seed of the life alone (default `seed`): the same person living another stretch of time. */
  readonly lifeSeed?: number;
  /** σ of the log-parameter perturbation around the shared subject (default 0.1). */
  readonly logSd?: number;
  /** Probability that a meal is neither logged nor bolused (default 0.1). */
  readonly unannouncedProbability?: number;
  /** SD of the log carb-count error of a logged meal (default 0.15). */
  readonly carbCountLogSd?: number;
  /** Epoch ms of day 0, midnight (default 2026-01-05T00:00Z). */
  readonly startMs?: number;
  readonly sensor?: CgmSensorParameters;
  /**
   * The person's pump settings relative to the subject's own (default 1): basal = factor × the steady-state basal
   * (u2ss), carbohydrate ratio = factor × Quest.csv's CR. Poor settings (e.g. basal 0.7, ratio 1.3) make the
   * starting point of a settings recommendation's validation.
   */
  readonly basalFactor?: number;
  readonly carbRatioFactor?: number;
}

export interface VirtualPatient {
  readonly patientId: string;
  readonly baseSubject: string;
  readonly trueParameters: Readonly<Record<string, number>>;
  /** Everything the person's devices and app would send, in time order. */
  readonly events: readonly TwinEvent[];
  /** Truth every 5 min: epoch ms, interstitial and plasma glucose (mg/dL). */
  readonly truth: { readonly timeMs: Float64Array; readonly interstitial: Float64Array; readonly plasma: Float64Array };
  readonly meals: readonly (ScenarioMeal & { readonly announced: boolean; readonly loggedCarbsG: number })[];
}

const REGISTRATION_ID = 'uva-padova-s2008';

export function generateVirtualPatient(options: VirtualPatientOptions): VirtualPatient {
  const seed = options.seed ?? 1;
  const registration = getModelRegistration(REGISTRATION_ID);
  const model = getCompiledModel(REGISTRATION_ID);
  // the i-th draw of one cohort: stable for a given (seed, index)
  const subject = sampleVirtualSubjects(registration, { count: options.index + 1, seed, logSd: options.logSd ?? 0.1 })[options.index];
  const therapy = uvaPadovaTherapy(subject.baseSubject);
  const patientId = `virtual-${seed}-${String(options.index).padStart(3, '0')}`;
  const rng = seededRandom('virtual-patient-life', options.lifeSeed ?? seed, options.index);
  const startMs = options.startMs ?? Date.UTC(2026, 0, 5);
  const sensor = options.sensor ?? cgmSensorParameters();
  const unannounced = options.unannouncedProbability ?? 0.1;
  const lognormal = (sd: number): number => Math.exp(sd * rng.normal());

  // meals: breakfast, lunch, dinner, sometimes an afternoon snack; carbs scaled to the subject's insulin need
  const scale = Math.min(1.2, Math.max(0.5, therapy.TDI / 40));
  const plan: [number, number, number][] = [
    [7 * 60, 45, 1],
    [12.5 * 60, 70, 1],
    [15.5 * 60, 20, 0.4],
    [19 * 60, 80, 1],
  ];
  const meals: (ScenarioMeal & { announced: boolean; loggedCarbsG: number })[] = [];
  for (let day = 0; day < options.days; day++) {
    for (const [tMin, carbs, probability] of plan) {
      if (rng.uniform() >= probability) continue;
      const t = Math.round(day * 1440 + tMin + 20 * rng.normal());
      const carbsG = Math.round(carbs * scale * lognormal(0.2));
      const announced = rng.uniform() >= unannounced;
      meals.push({ t_min: t, carbs_g: carbsG, announced, loggedCarbsG: Math.round(carbsG * lognormal(options.carbCountLogSd ?? 0.15)) });
    }
  }
  const carbRatio = therapy.CR * (options.carbRatioFactor ?? 1);
  const boluses: ScenarioBolus[] = meals
    .filter((m) => m.announced)
    .map((m) => ({ t_min: m.t_min, units: Math.round((m.loggedCarbsG / carbRatio) * 20) / 20 }));

  const durationMin = options.days * 1440;
  const basalUnitsPerMin = options.basalFactor === undefined ? 'patient-default' : (options.basalFactor * subject.parameters.u2ss * subject.parameters.BW) / 6000;
  const p = model.defaultParameters();
  for (const [name, value] of Object.entries(subject.parameters)) p[model.parameterIndex(name)] = value;
  const schedule = registration.scenarioToSchedule(
    { duration_min: durationMin, meals, boluses, basal_u_per_min: basalUnitsPerMin, doses: [] },
    { model, parameters: p, minutesPerTimeUnit: 1 },
  );
  const result = simulate(model, { parameterValues: p, duration: durationMin, schedule, reportEvery: 5, rtol: 1e-8, atol: 1e-8 });
  if (result.outcome !== 'success') throw new Error(`virtual patient ${patientId}: simulation ${result.outcome}`);
  const interstitial = result.column('cgm_mg_dl');
  const plasma = result.column('bg_mg_dl');
  const timeMs = Float64Array.from(result.times, (t) => startMs + t * MS_PER_MIN);

  const events: TwinEvent[] = [];
  const u2ss = subject.parameters.u2ss;
  const BW = subject.parameters.BW;
  const basalPerHour = ((options.basalFactor ?? 1) * u2ss * BW * 60) / 6000;
  events.push({ kind: 'basal-rate', id: `${patientId}-basal-0`, patientId, timeMs: startMs, unitsPerHour: basalPerHour });
  for (const m of meals) {
    if (!m.announced) continue;
    events.push({ kind: 'meal', id: `${patientId}-meal-${m.t_min}`, patientId, timeMs: startMs + m.t_min * MS_PER_MIN, carbsG: m.loggedCarbsG });
  }
  for (const b of boluses) {
    events.push({ kind: 'insulin-bolus', id: `${patientId}-bolus-${b.t_min}`, patientId, timeMs: startMs + b.t_min * MS_PER_MIN, units: b.units });
  }
  let e = rng.normal();
  for (let k = 1; k < interstitial.length; k++) {
    e = advanceSensorError(sensor, e, 5, rng.normal());
    events.push({
      kind: 'observation',
      id: `${patientId}-cgm-${k}`,
      patientId,
      timeMs: timeMs[k],
      loinc: ObservationCodes.cgmGlucose.loinc,
      unit: ObservationCodes.cgmGlucose.unit,
      value: Math.round(cgmReading(sensor, interstitial[k], e)),
    });
  }
  events.push(...fingerstickEvents(patientId, options.days, timeMs, plasma, rng));
  events.sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : 1));
  return { patientId, baseSubject: subject.baseSubject, trueParameters: subject.parameters, events, truth: { timeMs, interstitial, plasma }, meals };
}
