/**
 * The weight planner's request as it travels over HTTP (snake_case), checked field by field: each refusal names
 * the field. The ranges are the planner's own (weight-planner.ts validates them again, with its field names).
 */
import { RecommendInputError } from '../shared/recommend-input.error';
import { numberIn, objectAt, onlyFields } from '../shared/request-fields.util';
import type { WeightPlanRequest } from '../weight/weight-planner';

const FIELDS = ['sex', 'age_years', 'height_cm', 'weight_kg', 'physical_activity_level', 'goal_weight_kg', 'start_date', 'goal_date'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function date(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new RecommendInputError(field, 'must be a calendar date YYYY-MM-DD');
  }
  return value;
}

export function parseWeightPlanRequest(body: unknown, prefix = ''): WeightPlanRequest {
  const record = objectAt(body, prefix === '' ? 'body' : prefix.slice(0, -1));
  onlyFields(record, FIELDS, prefix);
  if (record.sex !== 'male' && record.sex !== 'female') throw new RecommendInputError(`${prefix}sex`, 'must be "male" or "female"');
  const startDate = date(record.start_date, `${prefix}start_date`);
  const goalDate = date(record.goal_date, `${prefix}goal_date`);
  if (goalDate <= startDate) throw new RecommendInputError(`${prefix}goal_date`, 'must be after start_date');
  return {
    sex: record.sex,
    ageYears: numberIn(record.age_years, `${prefix}age_years`, 18, 90),
    heightCm: numberIn(record.height_cm, `${prefix}height_cm`, 130, 220),
    weightKg: numberIn(record.weight_kg, `${prefix}weight_kg`, 40, 250),
    physicalActivityLevel: numberIn(record.physical_activity_level, `${prefix}physical_activity_level`, 1.3, 2.4),
    goalWeightKg: numberIn(record.goal_weight_kg, `${prefix}goal_weight_kg`, 40, 250),
    startDate,
    goalDate,
  };
}
