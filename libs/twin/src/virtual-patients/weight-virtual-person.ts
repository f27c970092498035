/**
 * Virtual adults for the body-weight twin's validation: truth from the same Hall model (@shuji/models
 * hall-body-weight) with inter-individual variability the twin does not know, and an intake pattern it is not told of
 * and does not share the form of.
 *
 * - Traits: sex 1:1; age 25–70 y; height N(177, 7) cm (men) / N(164, 6.5) cm (women) (NCD-RisC, eLife 2016;5:e13410);
 *   BMI log-normal around 29 kg/m² (log-SD 0.15; US adults' mean BMI ≈ 29.6, NHANES 2015–2018, Fryar CD et al.
 *   NCHS Health E-Stat 2021); PAL 1.4–1.9 (FAO/WHO/UNU 2004 sedentary to active).
 * - Model parameters the twin holds at Hall's values: γF, γL (log-SD 0.1), βAT (0.3), τAT (0.3), the Forbes constant
 *   (0.2) — Hall's appendix gives their population values only; these spreads are this validation's assumption.
 * - Intake (kJ/d, from the energy-balanced baseline): a slow OU lapse process (τ 30 d, SD 60 kcal/d) for everyone;
 *   for dieters, from an unannounced start day a deficit of 300–800 kcal/d whose adherence decays exponentially
 *   (τ 60–240 d) to a residual 10–60 % of it — a pattern of a different form from the twin's OU intake.
 * - Activity: for a third of the people a logged rise of PAL by 0.1–0.25 on some day (the twin is told of it).
 * - Weighings: weekly (a fixed weekday, 15 % missed) or irregular (gaps 1–21 days), in the morning hours; noise per
 *   person with SD 0.4–0.9 kg plus the weekly cycle of ≈ 0.35 % of weight, heavier after the weekend (Orsama AL et
 *   al. Obes Facts 2014;7(1):36–47).
 */
import { getCompiledModel, simulate } from '@shuji/models';
import { seededRandom, type SeededRandom } from '@shuji/stats';

export const KJ_PER_KCAL = 4.184;
const MS_PER_DAY = 86_400_000;
/** A Monday, 00:00 UTC: day 0 of every virtual person. */
export const WEIGHT_COHORT_EPOCH_MS = Date.UTC(2026, 0, 5);

export interface WeightVirtualPerson {
  readonly id: string;
  readonly sex: 'male' | 'female';
  readonly ageYears: number;
  readonly heightCm: number;
  readonly baselineWeightKg: number;
  readonly pal: number;
  /** The diet (absent: no planned change of intake). */
  readonly diet?: { readonly startDay: number; readonly kcalPerDay: number; readonly residual: number; readonly adherenceTauDays: number };
  /** A logged change of activity (absent: none). */
  readonly activityChange?: { readonly day: number; readonly deltaPal: number };
  /** True change of energy intake (kJ/d; lapses plus the diet) during each day 0…days − 1. */
  readonly intakeChangeKjByDay: Float64Array;
  /** True weight (kg) at the end of each day 0…days. */
  readonly weightByDay: Float64Array;
  /** The weighings: day (fractional) and reading (kg). */
  readonly weighings: readonly { readonly day: number; readonly kg: number }[];
  /** A fresh weighing at `day` (noise drawn from `rng`), as the person's scale would read it. */
  readonly weighAt: (day: number, rng: SeededRandom) => number;
}

const uniform = (rng: SeededRandom, lo: number, hi: number): number => lo + (hi - lo) * rng.uniform();

/** The true weight at a fractional day, linear between the daily values. */
export function trueWeightAt(person: Pick<WeightVirtualPerson, 'weightByDay'>, day: number): number {
  const w = person.weightByDay;
  const k = Math.min(w.length - 2, Math.max(0, Math.floor(day)));
  const f = Math.min(1, Math.max(0, day - k));
  return w[k] * (1 - f) + w[k + 1] * f;
}

/** `count` virtual people over `days`, keyed by `seed`; `dietShare` of them diet. */
export function weightVirtualPeople(seed: string, count: number, days: number, dietShare = 0.75): WeightVirtualPerson[] {
  return Array.from({ length: count }, (_, i) => weightVirtualPerson(`${seed}-${i}`, days, i < Math.round(dietShare * count)));
}

function weightVirtualPerson(id: string, days: number, diets: boolean): WeightVirtualPerson {
  const rng = seededRandom('weight-virtual-person', id);
  const male = rng.uniform() < 0.5;
  const ageYears = uniform(rng, 25, 70);
  const heightCm = (male ? 177 : 164) + (male ? 7 : 6.5) * rng.normal();
  const bmi = 29 * Math.exp(0.15 * rng.normal());
  const baselineWeightKg = Math.min(200, Math.max(50, bmi * (heightCm / 100) ** 2));
  const pal = uniform(rng, 1.4, 1.9);
  const spread = (value: number, logSd: number): number => value * Math.exp(logSd * rng.normal());
  const parameters = {
    BW0: baselineWeightKg,
    heightCm,
    age: ageYears,
    male: male ? 1 : 0,
    PAL: pal,
    gammaF: spread(13, 0.1),
    gammaL: spread(92, 0.1),
    betaAT: spread(0.14, 0.3),
    tauAT: spread(14, 0.3),
    forbesC: spread(10.4, 0.2),
  };
  const diet = diets
    ? { startDay: Math.floor(uniform(rng, 30, 120)), kcalPerDay: uniform(rng, 300, 800), residual: uniform(rng, 0.1, 0.6), adherenceTauDays: uniform(rng, 60, 240) }
    : undefined;
  const activityChange = rng.uniform() < 1 / 3 ? { day: Math.floor(uniform(rng, 20, days - 120)), deltaPal: uniform(rng, 0.1, 0.25) } : undefined;
  // daily intake change (kJ/d): the lapse OU plus the diet
  const lapseA = Math.exp(-1 / 30);
  let lapse = 0;
  const schedule: { kind: 'set-input'; t: number; input: string; value: number }[] = [];
  const intakeChangeKjByDay = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    lapse = lapseA * lapse + 60 * KJ_PER_KCAL * Math.sqrt(1 - lapseA * lapseA) * rng.normal();
    const since = diet === undefined ? -1 : d - diet.startDay;
    const adherence = since < 0 || diet === undefined ? 0 : diet.residual + (1 - diet.residual) * Math.exp(-since / diet.adherenceTauDays);
    const dietKj = diet === undefined ? 0 : -diet.kcalPerDay * KJ_PER_KCAL * adherence;
    intakeChangeKjByDay[d] = lapse + dietKj;
    schedule.push({ kind: 'set-input', t: d, input: 'deltaEI', value: intakeChangeKjByDay[d] });
  }
  if (activityChange !== undefined) schedule.push({ kind: 'set-input', t: activityChange.day, input: 'deltaPAL', value: activityChange.deltaPal });
  const result = simulate(getCompiledModel('hall-body-weight'), { duration: days, reportEvery: 1, parameters, schedule, rtol: 1e-8, atol: 1e-8, includeStates: false });
  const weightByDay = result.column('bodyWeight');
  const noiseSd = uniform(rng, 0.4, 0.9);
  const weighAt = (day: number, draw: SeededRandom): number => {
    const weekday = Math.floor(day) % 7; // 0 = Monday
    const weekly = 0.0035 * (weekday <= 1 ? 0.5 : weekday === 3 || weekday === 4 ? -0.5 : 0);
    const w = trueWeightAt({ weightByDay }, day);
    return Math.round((w * (1 + weekly) + noiseSd * draw.normal()) * 10) / 10;
  };
  const weekly = rng.uniform() < 0.5;
  const weekday = Math.floor(uniform(rng, 0, 7));
  const weighings: { day: number; kg: number }[] = [];
  for (let day = weekly ? weekday : uniform(rng, 0, 7); day < days; day += weekly ? 7 : Math.floor(uniform(rng, 1, 22))) {
    if (weekly && rng.uniform() < 0.15) continue;
    const t = Math.floor(day) + uniform(rng, 6, 10) / 24;
    weighings.push({ day: t, kg: weighAt(t, rng) });
  }
  return { id, sex: male ? 'male' : 'female', ageYears, heightCm, baselineWeightKg, pal, diet, activityChange, intakeChangeKjByDay, weightByDay, weighings, weighAt };
}

/** Epoch milliseconds of a fractional day of the cohort. */
export function cohortTimeMs(day: number): number {
  return WEIGHT_COHORT_EPOCH_MS + Math.round(day * MS_PER_DAY);
}
