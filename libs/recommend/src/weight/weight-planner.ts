/**
 * Weight planner in the manner of the NIH Body Weight Planner: maintenance intake, the intake that keeps a
 * goal weight, and the constant intake that reaches it by a date, with the trajectory.
 *
 * Hall KD, Sacks G, Chandramohan D, et al. Quantification of the effect of energy imbalance on bodyweight.
 * Lancet 2011;378:826–837 (the model behind the NIH Body Weight Planner, https://www.niddk.nih.gov/bwp).
 * Every figure is computed from the Hall adult model in @shuji/models (hall-body-weight), not from a
 * regression: the maintenance intake is the model's baseline balance (Mifflin–St Jeor RMR × PAL); the
 * goal-keeping intake is the constant intake under which the simulated weight settles at the goal; the
 * goal-by-date intake is the constant intake under which the simulated weight equals the goal on the date.
 * Both are found by bisection on whole ODE simulations (the weight at a fixed time is monotone in intake).
 * Energies: the model works in kJ/d; 1 kcal = 4.184 kJ (thermochemical calorie).
 */
import { baselineIntake, getCompiledModel, simulate, type CompiledModel } from '@shuji/models';
import { bisect } from '../shared/bisect.util';
import { RecommendInputError } from '../shared/recommend-input.error';

export const KJ_PER_KCAL = 4.184;
/** Long enough for the model to settle: its slowest time constant is a few years even for obesity. */
const SETTLE_DAYS = 50 * 365;
/** Intake changes searched, kJ/d (±10,000 kcal/d is beyond any plan; the bracket only has to hold the root). */
const SEARCH_KJ = 41_840;

export interface WeightPlanRequest {
  readonly sex: 'male' | 'female';
  readonly ageYears: number;
  readonly heightCm: number;
  readonly weightKg: number;
  /** Physical activity level: total / resting expenditure (1.4 sedentary … 2.0 very active). */
  readonly physicalActivityLevel: number;
  readonly goalWeightKg: number;
  /** Calendar dates, YYYY-MM-DD: the plan starts on startDate and reaches the goal on goalDate. */
  readonly startDate: string;
  readonly goalDate: string;
}

export interface WeightPlan {
  readonly maintenanceKcalPerDay: number;
  readonly goalMaintenanceKcalPerDay: number;
  readonly goalByDateKcalPerDay: number;
  readonly days: number;
  /** Weight on the goal-by-date intake, weekly and on the goal day. */
  readonly trajectory: readonly { readonly day: number; readonly weightKg: number }[];
  readonly model: { readonly id: string; readonly version: string };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(field: 'startDate' | 'goalDate', text: string): number {
  const ms = ISO_DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) throw new RecommendInputError(field, 'must be a calendar date YYYY-MM-DD');
  return ms / 86_400_000;
}

/** Range checks: the Hall adult model's parameter ranges (hall-body-weight.model.ts) and the planner's own. Returns the days to the goal. */
function validate(request: WeightPlanRequest): number {
  const within = (field: keyof WeightPlanRequest, value: number, lo: number, hi: number): void => {
    if (!Number.isFinite(value) || value < lo || value > hi) throw new RecommendInputError(field, `must be a number in [${lo}, ${hi}]`);
  };
  if (request.sex !== 'male' && request.sex !== 'female') throw new RecommendInputError('sex', 'must be "male" or "female"');
  within('ageYears', request.ageYears, 18, 90);
  within('heightCm', request.heightCm, 130, 220);
  within('weightKg', request.weightKg, 40, 250);
  within('physicalActivityLevel', request.physicalActivityLevel, 1.3, 2.4);
  within('goalWeightKg', request.goalWeightKg, 40, 250);
  const days = dayNumber('goalDate', request.goalDate) - dayNumber('startDate', request.startDate);
  if (days < 1) throw new RecommendInputError('goalDate', 'must be at least one day after startDate');
  if (days > 10 * 365) throw new RecommendInputError('goalDate', 'must be within 10 years of startDate');
  return days;
}

export function planWeight(request: WeightPlanRequest): WeightPlan {
  const days = validate(request);
  const model = getCompiledModel('hall-body-weight');
  const parameters: Record<string, number> = {
    BW0: request.weightKg,
    heightCm: request.heightCm,
    age: request.ageYears,
    male: request.sex === 'male' ? 1 : 0,
    PAL: request.physicalActivityLevel,
  };
  const packed = model.defaultParameters();
  for (const [name, value] of Object.entries(parameters)) packed[model.parameterIndex(name)] = value;
  const EI0 = baselineIntake(model, packed);

  const weightAfter = (deltaEI: number, days: number): number => {
    const bw = run(model, parameters, deltaEI, days, days).column('bodyWeight');
    return bw[bw.length - 1];
  };
  const toleranceKj = 0.01 * KJ_PER_KCAL;
  const keepAt = (d: number): number => weightAfter(d, SETTLE_DAYS) - request.goalWeightKg;
  if (keepAt(-SEARCH_KJ) > 0 || keepAt(SEARCH_KJ) < 0) throw new RecommendInputError('goalWeightKg', 'no intake within ±10,000 kcal/d keeps this weight');
  const keep = bisect(keepAt, -SEARCH_KJ, SEARCH_KJ, toleranceKj);
  const reachBy = (d: number): number => weightAfter(d, days) - request.goalWeightKg;
  if (reachBy(-SEARCH_KJ) > 0 || reachBy(SEARCH_KJ) < 0) {
    throw new RecommendInputError('goalDate', `the goal cannot be reached by this date with an intake change within ±${SEARCH_KJ / KJ_PER_KCAL} kcal/d`);
  }
  const reach = bisect(reachBy, -SEARCH_KJ, SEARCH_KJ, toleranceKj);
  const trajectory = run(model, parameters, reach, days, 7);
  const bw = trajectory.column('bodyWeight');
  const points = Array.from(trajectory.times, (t, k) => ({ day: t, weightKg: bw[k] }));
  if (points[points.length - 1].day < days) points.push({ day: days, weightKg: weightAfter(reach, days) });
  return {
    maintenanceKcalPerDay: EI0 / KJ_PER_KCAL,
    goalMaintenanceKcalPerDay: (EI0 + keep) / KJ_PER_KCAL,
    goalByDateKcalPerDay: (EI0 + reach) / KJ_PER_KCAL,
    days,
    trajectory: points,
    model: { id: model.spec.id, version: model.spec.version },
  };
}

function run(model: CompiledModel, parameters: Record<string, number>, deltaEI: number, days: number, reportEvery: number) {
  return simulate(model, {
    duration: days,
    reportEvery,
    parameters,
    schedule: [{ kind: 'set-input', t: 0, input: 'deltaEI', value: deltaEI }],
    rtol: 1e-8,
    atol: 1e-8,
    includeStates: false,
  });
}
