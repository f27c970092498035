/**
 * One virtual T1D person: a UVA/Padova S2008 subject sampled around the 30 named ones, days of meals and
 * boluses (meal-plan.ts) simulated with the engine, CGM every 5 min with Breton–Kovatchev sensor error.
 */
import {
  getCompiledModel,
  getModelRegistration,
  runScenario,
  uvaPadovaSubjects,
  uvaPadovaTherapy,
  type VirtualSubject,
} from '@shuji/models';
import type { CgmSensorParameters } from '@shuji/models';
import { addSensorNoise } from './cgm-sensor-noise';
import { planMeals } from './meal-plan';
import { OBSERVATION_CODES, type TimelineObservation } from './observation-codes';
import type { SeededRandom } from '@shuji/stats';

export const UVA_PADOVA_ID = 'uva-padova-s2008';

export interface T1dPersonOptions {
  readonly days: number;
  readonly unannouncedProbability: number;
  readonly sensor: CgmSensorParameters;
}

export interface T1dPerson {
  readonly observations: TimelineObservation[];
  /** Insulin-dependent utilisation Vmx relative to the base subject's (the OOD axis). */
  readonly vmxRatio: number;
  readonly outcome: string;
}

export function generateT1dPerson(subject: VirtualSubject, rng: SeededRandom, options: T1dPersonOptions): T1dPerson {
  const registration = getModelRegistration(UVA_PADOVA_ID);
  const model = getCompiledModel(UVA_PADOVA_ID);
  const therapy = uvaPadovaTherapy(subject.baseSubject);
  const base = uvaPadovaSubjects().find((s) => s.name === subject.baseSubject);
  if (base === undefined) throw new RangeError(`no UVA/Padova subject "${subject.baseSubject}"`);
  const sizeScale = subject.baseSubject.startsWith('child') ? 0.6 : subject.baseSubject.startsWith('adolescent') ? 0.85 : 1;
  const plan = planMeals(rng, { days: options.days, carbRatio: therapy.CR, unannouncedProbability: options.unannouncedProbability, sizeScale });
  const duration = options.days * 1440;
  const result = runScenario(registration, model, {
    subject,
    scenario: {
      duration_min: duration,
      meals: plan.meals.map((m) => ({ t_min: m.tMin, carbs_g: m.carbsG })),
      boluses: plan.boluses.map((b) => ({ t_min: b.tMin, units: b.units })),
      doses: [],
    },
    everyMin: options.sensor.sampleTime,
  });
  const glucose = result.column('cgm_mg_dl');
  const cgm = addSensorNoise(glucose, options.sensor, rng.normal);
  const observations: TimelineObservation[] = [];
  result.timesMin.forEach((t, i) => {
    if (Number.isFinite(cgm[i])) observations.push({ c: OBSERVATION_CODES.cgm, t, v: Math.round(cgm[i] * 10) / 10 });
  });
  for (const meal of plan.meals) if (meal.announced) observations.push({ c: OBSERVATION_CODES.carbs, t: meal.tMin, v: meal.carbsG });
  for (const bolus of plan.boluses) observations.push({ c: OBSERVATION_CODES.bolus, t: bolus.tMin, v: bolus.units });
  observations.sort((a, b) => a.t - b.t);
  return { observations, vmxRatio: subject.parameters.Vmx / base.parameters.Vmx, outcome: result.outcome };
}
