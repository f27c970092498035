/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of what a what-if and a settings recommendation answer
 * (WhatIfResult, OptimiseResult), for the API document an app developer reads (`/openapi.json`). Every object lists
 * its fields and allows no others, so result-schemas.spec.ts (and the jobs' spec, on real answers) fail when a result
 * gains or loses a field the document does not say.
 */

const number = { type: 'number' } as const;
const text = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;

const closed = (properties: Record<string, unknown>, description?: string, optional: readonly string[] = []) =>
  ({
    type: 'object',
    ...(description === undefined ? {} : { description }),
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
    additionalProperties: false,
  }) as const;

/** Over the posterior members: the mean and the 10th, 50th and 90th percentiles. */
const distribution = closed({ mean: number, q10: number, q50: number, q90: number }, 'over the posterior members: mean and 10/50/90 % quantiles');
const byOutcome = (description: string) => ({ type: 'object', description, additionalProperties: distribution }) as const;
const numbers = (description: string) => ({ type: 'object', description, additionalProperties: number }) as const;
const assumptions = { type: 'object', description: 'what the run assumed (current settings and where they came from, habits read from the log)', additionalProperties: true } as const;

const outcomeDefinition = closed({ name: text, unit: text, description: text });

export const WHAT_IF_RESULT_SCHEMA = closed(
  {
    patient_id: text,
    horizon: { type: 'string', description: 'ISO 8601 duration, as asked' },
    start: instant,
    end: instant,
    seed: { type: 'integer' },
    members: { type: 'integer', description: 'posterior members simulated under every arm (common random numbers)' },
    step_min: number,
    arms: { type: 'array', items: text },
    components: {
      type: 'array',
      description: "one per twin component the arms' changes reach",
      items: closed({
        plugin: text,
        assumptions,
        outcomes: { type: 'array', items: outcomeDefinition },
        arms: {
          type: 'array',
          items: closed({
            name: text,
            outcomes: byOutcome("the arm's outcome distributions by outcome name"),
            difference: { oneOf: [{ type: 'null' }, byOutcome('arm − first arm, member by member, then summarised')], description: 'null for the first arm' },
          }),
        },
      }),
    },
  },
  "A what-if's answer: per component and arm, the outcome distributions over the posterior and the difference to the first arm",
);

const planOutcomes = {
  plan: { type: 'object', description: 'the plan as changes', additionalProperties: true },
  settings: numbers('the settings by plan dimension key'),
  outcomes: byOutcome('predicted outcome distributions'),
} as const;

const dimension = closed(
  {
    key: text,
    unit: text,
    current: number,
    min: number,
    max: number,
    maxStepFraction: { type: 'number', description: 'largest relative change from current (0.2: ±20 %)' },
    forbidden: { type: 'array', items: closed({ direction: { enum: ['increase', 'decrease'] }, reason: text }) },
  },
  undefined,
  ['forbidden'],
);

const ceiling = closed(
  {
    key: text,
    description: text,
    outcome: text,
    statistic: { enum: ['mean', 'share-above', 'share-rising'] },
    threshold: number,
    max: number,
    maxRiseOverCurrent: number,
    riseWhenAbove: number,
  },
  undefined,
  ['threshold', 'maxRiseOverCurrent', 'riseWhenAbove'],
);

const sensitivity = closed(
  {
    effect: text,
    method: text,
    noise_level: { type: 'number', description: '|ρ| below this is within what unrelated members give (Bonferroni-corrected 5 %)' },
    parameters: { type: 'array', items: closed({ parameter: text, unit: text, rank_correlation: number, mean: number, sd: number }) },
  },
  'the personal parameters the predicted gain rests on most (Spearman ρ over the members)',
);

export const OPTIMISE_RESULT_SCHEMA = closed(
  {
    patient_id: text,
    kind: text,
    horizon: text,
    seed: { type: 'integer' },
    members: { type: 'integer' },
    start: instant,
    end: instant,
    objective: closed({ outcome: text, direction: { enum: ['maximise', 'minimise'] } }),
    hard_limits: closed({ dimensions: { type: 'array', items: dimension }, ceilings: { type: 'array', items: ceiling } }),
    screening: closed({ members: { type: 'integer' }, horizon_min: number, evaluated: { type: 'integer' }, iterations: { type: 'integer' } }),
    current: closed(planOutcomes, 'the current settings, simulated on every member'),
    adequacy: { type: 'array', items: closed({ outcome: text, predicted: number, observed: number, tolerance: number, passed: { type: 'boolean' } }) },
    options: {
      type: 'array',
      description: 'best first; empty when no plan meets every limit and improves on the current one',
      items: closed({
        ...planOutcomes,
        rank: { type: 'integer', minimum: 1 },
        step_percent: numbers('relative change of each setting from the current plan (%)'),
        difference: byOutcome('option − current plan, member by member, then summarised'),
        limits: { type: 'array', items: closed({ key: text, value: number, limit: number }) },
        sensitivity,
      }),
    },
    dropped: { type: 'array', items: closed({ stage: { enum: ['screening', 'final'] }, settings: numbers('the plan dropped'), reasons: { type: 'array', items: text } }) },
    assumptions,
    applied: { const: false, description: 'nothing is applied: a clinician accepts or overrides' },
  },
  "A settings recommendation's ranked options under hard limits, with the current plan, what was dropped and why",
);
