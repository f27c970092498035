import { OPTIMISE_RESULT_SCHEMA, WHAT_IF_RESULT_SCHEMA } from '@shuji/recommend';

/** A settings recommendation's result as a job gives it: stored, so it carries its id under /v1/recommendations. */
const STORED_OPTIMISE_RESULT_SCHEMA = {
  ...OPTIMISE_RESULT_SCHEMA,
  required: [...OPTIMISE_RESULT_SCHEMA.required, 'recommendation_id'],
  properties: { ...OPTIMISE_RESULT_SCHEMA.properties, recommendation_id: { type: 'string', format: 'uuid', description: 'GET /v1/recommendations/{id}: decide, re-run, Provenance' } },
} as const;

/** SimulationJobView (simulation-jobs.service) as JSON Schema 2020-12, for the OpenAPI document and the jobs' spec. */
export const SIMULATION_JOB_SCHEMA = {
  type: 'object',
  required: ['id', 'patient_id', 'status', 'progress', 'created'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    patient_id: { type: 'string' },
    status: { enum: ['queued', 'running', 'done', 'failed', 'cancelled'] },
    progress: { type: 'number', minimum: 0, maximum: 1 },
    created: { type: 'string', format: 'date-time' },
    finished: { type: 'string', format: 'date-time' },
    result: { description: 'when done: a what-if result, or a stored settings recommendation', oneOf: [WHAT_IF_RESULT_SCHEMA, STORED_OPTIMISE_RESULT_SCHEMA] },
    error: { type: 'string', description: 'when failed: why (names no person)' },
  },
  additionalProperties: false,
} as const;
