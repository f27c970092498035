/**
 * A person's days lived on a glucose plant (UVA/Padova with unmodelled physiology, or Hovorka/Wilinska) with the
 * behaviour real pump users show and the S2008 validation of the twin never had (issue 14, truth (a)); returns
 * what their devices and app would send (the twin's events) and the truth, as generateVirtualPatient does.
 * Behaviour (per person and per meal; the probabilities are OUR ASSUMPTIONS, sources for the phenomena):
 * - three meals and a snack as generateVirtualPatient plans them (times ±20 min, sizes log-normal SD 0.2);
 * - 10 % of meals eaten without log or bolus; 8 % with a missed bolus (logged half the time): Burdick et al. 2004
 *   (Pediatrics 113:e221) for missed meal boluses;
 * - 20 % of boluses late, 15–45 min after the start of the meal;
 * - carbohydrate counts off by a per-person bias exp(N(−0.1, 0.1)) and a per-meal log-normal error (SD 0.2):
 *   Brazeau et al. 2013 (J Acad Nutr Diet 113:1130) for the size of counting errors (our numbers, not theirs); the
 *   bias is the person's in every life lived with the same `personKey` (without one, each life draws its own);
 * - correction boluses: a CGM reading above 250 mg/dL, no bolus in 3 h → with probability 0.3 per reading a
 *   correction of (reading − 120)/CF units (rounded to 0.5 U), logged by the pump;
 * - hypo treatment: a reading below 70 mg/dL, none in 30 min → 15–20 g of fast carbohydrate (absorption ×2), logged
 *   half the time;
 * - CGM: Breton–Kovatchev noise plus calibration drift and dropouts (cgm-sensor-faults.ts); two fingersticks a day
 *   (meter CV 5 %), as generateVirtualPatient.
 * A changed meal-bolus habit (a health plan's action lived by the truth, libs/recommend plan/validation) is applied
 * after every meal's draws, so the same life key gives the same meals, counts and lapse draws with and without it:
 * `bolusLapses: 'none'` gives the missed and late boluses with the meal (meals eaten without log or bolus stay so: the
 * log cannot show them, and no action names them); `bolusLeadMin` moves every on-time bolus that many minutes before
 * the meal (late and missed ones stay late and missed unless `bolusLapses` is 'none').
 * Random draws (`LifeOptions.drawStreams`): by default one stream serves the meal plan, the reactions (drawn only when
 * the person reacts), the CGM noise and the fingersticks, and the plant draws each meal's absorption, treatments
 * included, from its own: two lives of one key on different settings share their draws only until their first
 * different reaction. 'per-purpose' gives them common random numbers instead (DrawStreams).
 */
import { advanceSensorError, cgmReading, cgmSensorParameters } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { ObservationCodes } from '../../composition/observation-codes';
import { MS_PER_MIN, type TwinEvent } from '../../state/twin-event';
import type { VirtualPatient } from '../virtual-patient.generator';
import { fingerstickEvents } from '../fingersticks';
import { sensorFaults, type SensorFaultOptions } from './cgm-sensor-faults';
import type { GlucosePlant } from './glucose-plant';

export interface BehaviourOptions {
  readonly unannounced?: number;
  readonly missedBolus?: number;
  readonly lateBolus?: number;
  readonly correction?: number;
  readonly hypoTreatment?: boolean;
  readonly carbBiasMean?: number;
  /** Scale of the planned meal sizes (default 1). */
  readonly mealScale?: number;
  /** 'none': the boluses drawn missed or late come with the meal instead (default 'as-drawn'). */
  readonly bolusLapses?: 'as-drawn' | 'none';
  /** Minutes before the meal an on-time bolus comes, a multiple of 5 (default 0). */
  readonly bolusLeadMin?: number;
}

/**
 * How a life's random draws are organised.
 * - 'shared' (the default; every cohort, corpus and CI figure so far): one stream keyed by the life for the meal
 *   plan, then per step the reactions' draws only when the person reacts (a correction's chance above 250 mg/dL, a
 *   hypo treatment's size and logging below 70), the CGM noise, then the fingersticks; each meal's absorption, hypo
 *   treatments included, from the plant's own stream.
 * - 'per-purpose': common random numbers (Law, Simulation Modeling and Analysis, 5th ed. 2015, ch. 11: the same
 *   random numbers for every system compared, synchronised by purpose), as in-silico trials compare therapies on the
 *   same virtual person in the same scenario (Kovatchev et al. 2009, J Diabetes Sci Technol 3:44). Streams keyed by
 *   the life key and a purpose: the meal plan (the same stream and draws as 'shared', so the same meals, counts and
 *   lapses), then each planned meal's absorption; the CGM noise and the fingersticks; the reactions, of which every
 *   step takes the same four draws whether the person reacts or not. Two lives of one key on different settings
 *   then differ only by what the settings change, and by the reactions those changes cause.
 */
export type DrawStreams = 'shared' | 'per-purpose';

export interface LifeOptions {
  readonly patientId: string;
  readonly baseSubject: string;
  readonly days: number;
  /** Key of every random draw of this life. */
  readonly lifeKey: readonly (string | number)[];
  /**
   * Key of the person's own traits that several lives share (the carbohydrate-counting bias): the first normal draw
   * of the life keyed by it, so the person's own life (lifeKey = personKey) has the bias it always had. Without it the
   * bias is the life's own draw (a cohort of one life per person: per life = per person).
   */
  readonly personKey?: readonly (string | number)[];
  readonly behaviour?: BehaviourOptions;
  /** Sensor faults (default on); `false`: Breton–Kovatchev noise only. */
  readonly faults?: SensorFaultOptions | false;
  readonly startMs?: number;
  /** The pump settings the person lives on (default: the plant's own basal and therapy). */
  readonly settings?: PumpSettings;
  /**
   * The person doses meal boluses with the pump's bolus calculator: carbs / ratio + max(0, (reading − target) /
   * correction factor), the reading being the CGM's at the bolus (default: carbs / ratio only).
   */
  readonly bolusCalculatorTargetMgDl?: number;
  /** How the life's random draws are organised (DrawStreams; default 'shared'). */
  readonly drawStreams?: DrawStreams;
}

export interface PumpSettings {
  readonly basalUnitsPerHour: number;
  readonly carbRatio: number;
  readonly correctionFactor: number;
}

const STEP_MIN = 5;

interface PlannedMeal {
  readonly tMin: number;
  readonly carbsG: number;
  readonly logged: boolean;
  readonly loggedCarbsG: number;
  /** Minutes after the meal that the bolus comes (negative: before), or undefined (no bolus). */
  readonly bolusDelayMin: number | undefined;
}

export function liveMisspecifiedLife(plant: GlucosePlant, options: LifeOptions): VirtualPatient {
  const rng = seededRandom('misspecified-life', ...options.lifeKey);
  const drawStreams = options.drawStreams ?? 'shared';
  if (drawStreams !== 'shared' && drawStreams !== 'per-purpose') throw new RangeError(`drawStreams: 'shared' or 'per-purpose' (got ${String(drawStreams)})`);
  const perPurpose = drawStreams === 'per-purpose';
  const noise = perPurpose ? seededRandom('misspecified-life-sensor-noise', ...options.lifeKey) : rng;
  const reactions = perPurpose ? seededRandom('misspecified-life-reactions', ...options.lifeKey) : undefined;
  const b = options.behaviour ?? {};
  const startMs = options.startMs ?? Date.UTC(2026, 0, 5);
  const { patientId } = options;
  const lognormal = (sd: number): number => Math.exp(sd * rng.normal());
  // the life's stream consumes its draw either way: every other draw of the life stays the same with a person key
  const lifeBiasDraw = rng.normal();
  const biasDraw = options.personKey === undefined ? lifeBiasDraw : seededRandom('misspecified-life', ...options.personKey).normal();
  const carbBias = Math.exp((b.carbBiasMean ?? -0.1) + 0.1 * biasDraw);
  const plan: [number, number, number][] = [
    [7 * 60, 45, 1],
    [12.5 * 60, 70, 1],
    [15.5 * 60, 20, 0.4],
    [19 * 60, 80, 1],
  ];
  const leadMin = b.bolusLeadMin ?? 0;
  if (!(leadMin >= 0 && leadMin % STEP_MIN === 0)) throw new RangeError(`bolusLeadMin: a multiple of ${STEP_MIN} min, ≥ 0 (got ${leadMin})`);
  const lapsing = (b.bolusLapses ?? 'as-drawn') === 'as-drawn';
  const meals: PlannedMeal[] = [];
  for (let day = 0; day < options.days; day++) {
    for (const [tMin, carbs, probability] of plan) {
      if (rng.uniform() >= probability) continue;
      const t = STEP_MIN * Math.round((day * 1440 + tMin + 20 * rng.normal()) / STEP_MIN);
      const carbsG = Math.round(carbs * (b.mealScale ?? 1) * lognormal(0.2));
      const u = rng.uniform();
      const unannounced = u < (b.unannounced ?? 0.1);
      const missed = !unannounced && u < (b.unannounced ?? 0.1) + (b.missedBolus ?? 0.08);
      const logged = !unannounced && (!missed || rng.uniform() < 0.5);
      const late = rng.uniform() < (b.lateBolus ?? 0.2);
      const drawn = unannounced || missed ? undefined : late ? STEP_MIN * Math.round((15 + 30 * rng.uniform()) / STEP_MIN) : 0;
      const delay = unannounced ? undefined : lapsing && drawn !== 0 ? drawn : -leadMin;
      // a bolus given with the pump's calculator logs the meal
      meals.push({ tMin: t, carbsG, logged: logged || (missed && !lapsing), loggedCarbsG: Math.round(carbsG * carbBias * lognormal(0.2)), bolusDelayMin: delay });
    }
  }
  meals.sort((x, y) => x.tMin - y.tMin);
  const mealAt = new Map<number, PlannedMeal>(meals.map((m) => [m.tMin, m]));
  // per-purpose: each planned meal's absorption drawn with the plan (else the plant draws it when the meal comes)
  const absorptionOf = perPurpose ? new Map<number, number>(meals.map((m) => [m.tMin, rng.normal()])) : undefined;
  const pump: PumpSettings = options.settings ?? { basalUnitsPerHour: plant.basalUnitsPerHour, ...plant.therapy };
  const target = options.bolusCalculatorTargetMgDl;
  const bolusAt = new Map<number, number>();
  for (const m of meals) {
    if (m.bolusDelayMin === undefined) continue;
    const t = m.tMin + m.bolusDelayMin;
    bolusAt.set(t, (bolusAt.get(t) ?? 0) + Math.round((m.loggedCarbsG / pump.carbRatio) * 20) / 20);
  }
  const mealBolus = (t: number, reading: number | undefined): number => {
    const carbs = bolusAt.get(t);
    if (carbs === undefined) return 0;
    const correction = target === undefined || reading === undefined ? 0 : Math.max(0, (reading - target) / pump.correctionFactor);
    return carbs + Math.round(correction * 20) / 20;
  };

  const sensor = cgmSensorParameters();
  const faults = options.faults === false ? undefined : sensorFaults(seededRandom('misspecified-sensor', ...options.lifeKey), options.faults);
  const events: TwinEvent[] = [{ kind: 'basal-rate', id: `${patientId}-basal-0`, patientId, timeMs: startMs, unitsPerHour: pump.basalUnitsPerHour }];
  const steps = (options.days * 1440) / STEP_MIN;
  const timeMs = new Float64Array(steps + 1);
  const interstitial = new Float64Array(steps + 1);
  const plasma = new Float64Array(steps + 1);
  const truthMeals: VirtualPatient['meals'][number][] = [];
  let e = noise.normal();
  let lastBolusMin = -Infinity;
  let lastTreatmentMin = -Infinity;
  let reading: number | undefined;
  const record = (k: number): void => {
    timeMs[k] = startMs + k * STEP_MIN * MS_PER_MIN;
    interstitial[k] = plant.interstitial;
    plasma[k] = plant.plasma;
  };
  record(0);
  for (let k = 0; k < steps; k++) {
    const t = k * STEP_MIN;
    const tMs = startMs + t * MS_PER_MIN;
    let carbsG = 0;
    let absorption = 1;
    let bolus = 0;
    const meal = mealAt.get(t);
    // per-purpose: the same draws every step, used or not (correction's chance, treatment's size and logging, its absorption)
    const r = reactions === undefined ? undefined : ([reactions.uniform(), reactions.uniform(), reactions.uniform(), reactions.normal()] as const);
    if (meal !== undefined) {
      carbsG += meal.carbsG;
      truthMeals.push({ t_min: t, carbs_g: meal.carbsG, announced: meal.logged, loggedCarbsG: meal.loggedCarbsG });
      if (meal.logged) events.push({ kind: 'meal', id: `${patientId}-meal-${t}`, patientId, timeMs: tMs, carbsG: meal.loggedCarbsG });
    }
    bolus += mealBolus(t, reading);
    // the person reacts to the CGM reading they see now
    if (reading !== undefined && reading > 250 && t - lastBolusMin >= 180 && (r?.[0] ?? rng.uniform()) < (b.correction ?? 0.3)) {
      bolus += Math.round(((reading - 120) / pump.correctionFactor) * 2) / 2;
    }
    if ((b.hypoTreatment ?? true) && reading !== undefined && reading < 70 && t - lastTreatmentMin >= 30) {
      const treat = 15 + 5 * Math.floor(2 * (r?.[1] ?? rng.uniform()));
      carbsG += treat;
      absorption = meal === undefined ? 2 : 1;
      lastTreatmentMin = t;
      truthMeals.push({ t_min: t, carbs_g: treat, announced: false, loggedCarbsG: treat });
      if ((r?.[2] ?? rng.uniform()) < 0.5) events.push({ kind: 'meal', id: `${patientId}-treat-${t}`, patientId, timeMs: tMs, carbsG: treat });
    }
    if (bolus > 0) {
      events.push({ kind: 'insulin-bolus', id: `${patientId}-bolus-${t}`, patientId, timeMs: tMs, units: bolus });
      lastBolusMin = t;
    }
    // a treatment eaten with a planned meal is absorbed as the meal
    const absorptionDraw = r === undefined ? undefined : meal !== undefined ? absorptionOf?.get(t) : r[3];
    plant.step(t, STEP_MIN, carbsG > 0 ? { carbsG, absorption, absorptionDraw } : undefined, bolus, options.settings?.basalUnitsPerHour);
    record(k + 1);
    e = advanceSensorError(sensor, e, STEP_MIN, noise.normal());
    const raw = cgmReading(sensor, plant.interstitial, e);
    reading = faults === undefined ? raw : faults.read(raw, (t + STEP_MIN) / 1440);
    if (reading !== undefined) {
      reading = Math.round(reading);
      events.push({
        kind: 'observation',
        id: `${patientId}-cgm-${k + 1}`,
        patientId,
        timeMs: timeMs[k + 1],
        loinc: ObservationCodes.cgmGlucose.loinc,
        unit: ObservationCodes.cgmGlucose.unit,
        value: reading,
      });
    }
  }
  events.push(...fingerstickEvents(patientId, options.days, timeMs, plasma, noise));
  events.sort((x, y) => x.timeMs - y.timeMs || (x.id < y.id ? -1 : 1));
  return { patientId, baseSubject: options.baseSubject, trueParameters: plant.parameters, events, truth: { timeMs, interstitial, plasma }, meals: truthMeals };
}
