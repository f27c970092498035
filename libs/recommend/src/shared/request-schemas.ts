/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of the recommend routes' request bodies, for the API document
 * an app developer reads (`/openapi.json`). The parsers (parseWhatIfRequest, parseOptimiseRequest,
 * parseRecommendationRequest, parseRecommendationDecision, parseWarfarinDoseRequest) stay the authority: they refuse
 * with the field named. request-schemas.spec.ts holds the two to each other (every field a schema names is a field
 * its parser reads; a field it does not name, the parser refuses; the schema's examples pass both).
 */
import { WARFARIN_RACES } from '@shuji/models';
import { MAX_OPTIMISE_HORIZON_MIN, MAX_OPTIONS } from '../optimise/parse-optimise-request';
import { MAX_ARMS, MAX_CHANGES_PER_ARM, MAX_HORIZON_MIN } from '../whatif/parse-what-if-request';
import { T1D_CHANGE_KINDS } from '../whatif/t1d/t1d-settings';

const DURATION = '^P(\\d+W)?(\\d+D)?(T(\\d+H)?(\\d+M)?)?$';
const FHIR_ID = '^[A-Za-z0-9\\-.]{1,64}$';

const change = {
  type: 'object',
  required: ['kind'],
  description:
    `A change of an arm's plan. \`kind\` is one the twin's components register; its own fields are the kind's. T1D: ${T1D_CHANGE_KINDS.join(', ')} ` +
    '(`basal-profile` { rates: [{ from: "HH:MM", units_per_hour }] }, `carb-ratio` { grams_per_unit }, `correction-factor` ' +
    '{ mg_dl_per_unit, target_mg_dl? }, `meal-plan` { meals: [{ time: "HH:MM", carbs_g }] }, `meal-bolus` { minutes_before_meal?: 0–30, ' +
    'lapses?: "as-logged" | "none" }). Body weight: `energy-intake` ' +
    '{ kcal_per_day_change | kcal_per_day }, `physical-activity` { physical_activity_level }, `weight-goal` { goal_weight_kg }. ' +
    'Blood pressure: `amlodipine`, `lisinopril` { mg_per_day, adherence? }. Warfarin: `warfarin-dose` { mg_per_day | mg_per_week, adherence? }. ' +
    '`start` / `end` apply it only then.',
  properties: {
    kind: { type: 'string' },
    start: { type: 'string', format: 'date-time' },
    end: { type: 'string', format: 'date-time', description: 'after start' },
  },
  additionalProperties: true,
} as const;

const changes = { type: 'array', maxItems: MAX_CHANGES_PER_ARM, items: change } as const;

/** The person's clock and the baseline, shared by a what-if and a settings recommendation. */
const clock = {
  seed: { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1, default: 1, description: 'the same request gives the same answer' },
  utc_offset: { type: 'string', pattern: '^(Z|[+-]\\d{2}:\\d{2})$', default: 'Z', description: "the person's clock for times of day" },
  current: { ...changes, description: 'states the baseline settings for every arm instead of reading them from the log' },
} as const;

export const WHAT_IF_REQUEST_SCHEMA = {
  type: 'object',
  required: ['horizon', 'arms'],
  additionalProperties: false,
  properties: {
    horizon: { type: 'string', pattern: DURATION, description: `ISO 8601 duration from PT1H to P${MAX_HORIZON_MIN / 1440}D, whole 5-minute steps` },
    ...clock,
    arms: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ARMS,
      description: 'the first arm is the reference every other is compared with, member by member',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 64 }, changes },
      },
    },
  },
  examples: [{ horizon: 'P14D', seed: 1, arms: [{ name: 'current' }, { name: 'stronger carb ratio', changes: [{ kind: 'carb-ratio', grams_per_unit: 8 }] }] }],
} as const;

export const OPTIMISE_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    horizon: { type: 'string', pattern: DURATION, default: 'P7D', description: `the options' final scoring, up to P${MAX_OPTIMISE_HORIZON_MIN / 1440}D` },
    ...clock,
    limits: {
      type: 'object',
      description:
        "the kind's hard limits, each within the product's own (t1d-settings: max_step_percent, max_basal_units_per_hour, the carb-ratio and " +
        'correction-factor ranges, the ceilings on time below 54 mg/dL and on the probability of severe hypoglycaemia)',
    },
    options: { type: 'integer', minimum: 1, maximum: MAX_OPTIONS, default: 3, description: 'how many ranked options to return' },
  },
  examples: [{ horizon: 'P7D', seed: 1, options: 3 }],
} as const;

export const RECOMMENDATION_REQUEST_SCHEMA = {
  type: 'object',
  required: ['kind', 'inputs'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', description: 'a registered recommender: warfarin-dose (the calculator\'s fields) or weight-plan' },
    patient_id: { type: ['string', 'null'], pattern: FHIR_ID, description: 'the patient it is for (must be known to Shuji), or null for none' },
    inputs: { type: 'object', description: "the kind's request (README, Recommendations)" },
  },
  examples: [
    {
      kind: 'weight-plan',
      inputs: { sex: 'female', age_years: 40, height_cm: 165, weight_kg: 80, physical_activity_level: 1.6, goal_weight_kg: 72, start_date: '2026-01-01', goal_date: '2026-09-01' },
    },
  ],
} as const;

export const RECOMMENDATION_DECISION_SCHEMA = {
  type: 'object',
  required: ['decision'],
  additionalProperties: false,
  properties: {
    decision: { enum: ['accepted', 'overridden'] },
    reason: { type: ['string', 'null'], minLength: 1, maxLength: 2000, description: 'required to override' },
  },
  examples: [{ decision: 'overridden', reason: 'goal too fast for this patient' }],
} as const;

export const WARFARIN_DOSE_REQUEST_SCHEMA = {
  type: 'object',
  required: ['age_years', 'height_cm', 'weight_kg', 'target_inr'],
  additionalProperties: false,
  properties: {
    age_years: { type: 'number', minimum: 18, maximum: 100 },
    height_cm: { type: 'number', minimum: 100, maximum: 230 },
    weight_kg: { type: 'number', minimum: 25, maximum: 300 },
    cyp2c9: { type: ['string', 'null'], pattern: '^\\s*\\*[123]\\s*/\\s*\\*[123]\\s*$', description: 'e.g. "*1/*3"; null when not genotyped' },
    vkorc1_1639: { enum: ['G/G', 'A/G', 'G/A', 'A/A', null], description: 'VKORC1 −1639 G>A; null when not genotyped' },
    race: { enum: [...WARFARIN_RACES, null], default: 'mixed_or_unknown' },
    amiodarone: { type: 'boolean', default: false },
    enzyme_inducer: { type: 'boolean', default: false, description: 'carbamazepine, phenytoin, rifampicin or rifampin' },
    target_inr: { type: 'number', minimum: 1.5, maximum: 4 },
  },
  examples: [{ age_years: 60, height_cm: 175, weight_kg: 80, cyp2c9: '*1/*3', vkorc1_1639: 'A/G', race: 'white', amiodarone: false, enzyme_inducer: false, target_inr: 2.5 }],
} as const;
