/**
 * RecommendationView and RerunView (recommendations.service) as JSON Schema 2020-12, for the OpenAPI document and the
 * recommendations' spec. A recommendation's `inputs` and `output` are its kind's (the request schema and the
 * recommender say which); what it rests on is closed here.
 */
const MODEL_VERSION_SCHEMA = {
  type: 'object',
  required: ['id', 'version'],
  properties: { id: { type: 'string' }, version: { type: 'string' } },
  additionalProperties: false,
} as const;

const VARIABLE_SUMMARY_SCHEMA = {
  type: 'object',
  required: ['name', 'unit', 'mean', 'sd', 'p05', 'p95'],
  properties: { name: { type: 'string' }, unit: { type: 'string' }, mean: { type: 'number' }, sd: { type: 'number' }, p05: { type: 'number' }, p95: { type: 'number' } },
  additionalProperties: false,
} as const;

/** TwinContext, or a TwinBasis when the recommendation was computed on the twin (its log mark and what it was fitted to). */
const TWIN_SCHEMA = {
  type: 'object',
  required: ['revision', 'components'],
  properties: {
    revision: { type: 'integer', minimum: 0 },
    components: { type: 'array', items: { type: 'string' } },
    log_mark: { type: 'string', description: "the twin's event log as read: latest storage time, and PostgreSQL's snapshot" },
    events_sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    observations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['loinc', 'count', 'first', 'last'],
        properties: { loinc: { type: 'string' }, count: { type: 'integer', minimum: 0 }, first: { type: 'string', format: 'date-time' }, last: { type: 'string', format: 'date-time' } },
        additionalProperties: false,
      },
    },
    parameters: { type: 'array', items: VARIABLE_SUMMARY_SCHEMA },
  },
  dependentRequired: { log_mark: ['events_sha256', 'observations', 'parameters'] },
  additionalProperties: false,
} as const;

const PROVENANCE_SCHEMA = {
  type: 'object',
  required: ['models', 'sources', 'seed', 'code_version', 'twin'],
  properties: {
    models: { type: 'array', items: MODEL_VERSION_SCHEMA },
    sources: { type: 'array', items: { type: 'string' }, description: 'the papers and knowledge the method rests on' },
    seed: { type: ['integer', 'null'] },
    code_version: { type: 'string' },
    twin: { oneOf: [{ type: 'null' }, TWIN_SCHEMA] },
  },
  additionalProperties: false,
} as const;

export const RECOMMENDATION_VIEW_SCHEMA = {
  type: 'object',
  required: ['id', 'kind', 'patient_id', 'headline', 'inputs', 'output', 'provenance', 'created_by', 'created_at', 'status', 'decisions'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', examples: ['weight-plan', 'warfarin-dose', 't1d-settings'] },
    patient_id: { type: ['string', 'null'] },
    headline: { type: 'string' },
    inputs: { description: "the kind's inputs, as checked when it was made" },
    output: { description: "the kind's output, as stored (a re-run must give it again exactly)" },
    provenance: PROVENANCE_SCHEMA,
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    status: { enum: ['awaiting-decision', 'accepted', 'overridden'], description: 'the latest decision, or none yet' },
    decisions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['decision', 'reason', 'channel', 'decided_by', 'decided_at'],
        properties: {
          decision: { enum: ['accepted', 'overridden'] },
          reason: { type: ['string', 'null'] },
          channel: { type: 'string' },
          decided_by: { type: 'string' },
          decided_at: { type: 'string', format: 'date-time' },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const RECOMMENDATION_LIST_SCHEMA = { type: 'array', items: RECOMMENDATION_VIEW_SCHEMA } as const;

export const RERUN_VIEW_SCHEMA = {
  type: 'object',
  required: ['id', 'reproduced', 'differences', 'stored_models', 'rerun_models', 'output'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    reproduced: { type: 'boolean', description: 'the output is identical to the stored one, compared as canonical JSON' },
    differences: { type: 'array', items: { type: 'string', description: 'a JSON Pointer where the re-run differs' } },
    stored_models: { oneOf: [{ type: 'array', items: MODEL_VERSION_SCHEMA }, { type: 'null' }], description: 'the models the stored provenance names' },
    rerun_models: { type: 'array', items: MODEL_VERSION_SCHEMA },
    output: { description: "the re-run's output" },
  },
  additionalProperties: false,
} as const;
