/**
 * JSON Schemas (draft-07) of the CDS Hooks 2.0 wire shapes, written for Shuji's OpenAPI document and conformance test from the
 * specification's attribute tables (https://cds-hooks.hl7.org/2.0/: Discovery, Calling a CDS Service, CDS Service
 * Response / Card Attributes / Suggestion / Action / Link, Feedback; hooks patient-view 1.0, order-select 1.0,
 * order-sign 1.1). REQUIRED attributes are `required`; enumerations as listed there. Extension points
 * (`extension`) are allowed everywhere; other unknown attributes are refused to catch typos in our own output.
 */
const coding = {
  type: 'object',
  required: ['code', 'system'],
  properties: { code: { type: 'string', minLength: 1 }, system: { type: 'string', minLength: 1 }, display: { type: 'string' } },
} as const;

const extension = { type: 'object' } as const;

export const CDS_DISCOVERY_SCHEMA = {
  type: 'object',
  required: ['services'],
  additionalProperties: false,
  properties: {
    services: {
      type: 'array',
      items: {
        type: 'object',
        required: ['hook', 'description', 'id'],
        additionalProperties: false,
        properties: {
          hook: { type: 'string', minLength: 1 },
          title: { type: 'string' },
          description: { type: 'string', minLength: 1 },
          id: { type: 'string', pattern: '^[A-Za-z0-9\\-_.]+$' },
          prefetch: { type: 'object', additionalProperties: { type: 'string' } },
          usageRequirements: { type: 'string' },
          extension,
        },
      },
    },
  },
} as const;

const action = {
  type: 'object',
  required: ['type', 'description'],
  additionalProperties: false,
  properties: {
    type: { enum: ['create', 'update', 'delete'] },
    description: { type: 'string', minLength: 1 },
    resource: { type: 'object', required: ['resourceType'] },
    resourceId: { type: 'string' },
    extension,
  },
  allOf: [
    { if: { properties: { type: { enum: ['create', 'update'] } } }, then: { required: ['resource'] } },
    { if: { properties: { type: { const: 'delete' } } }, then: { required: ['resourceId'] } },
  ],
} as const;

const card = {
  type: 'object',
  required: ['summary', 'indicator', 'source'],
  additionalProperties: false,
  properties: {
    uuid: { type: 'string', format: 'uuid' },
    // "<140-character summary"
    summary: { type: 'string', minLength: 1, maxLength: 139 },
    detail: { type: 'string' },
    indicator: { enum: ['info', 'warning', 'critical'] },
    source: {
      type: 'object',
      required: ['label'],
      additionalProperties: false,
      properties: { label: { type: 'string', minLength: 1 }, url: { type: 'string', format: 'uri' }, icon: { type: 'string', format: 'uri' }, topic: coding },
    },
    suggestions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label'],
        additionalProperties: false,
        properties: { label: { type: 'string', minLength: 1 }, uuid: { type: 'string', format: 'uuid' }, isRecommended: { type: 'boolean' }, actions: { type: 'array', items: action }, extension },
      },
    },
    selectionBehavior: { enum: ['at-most-one', 'any'] },
    overrideReasons: { type: 'array', items: coding },
    links: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label', 'url', 'type'],
        additionalProperties: false,
        properties: { label: { type: 'string', minLength: 1 }, url: { type: 'string', format: 'uri' }, type: { enum: ['absolute', 'smart'] }, appContext: { type: 'string' }, autolaunchable: { type: 'boolean' } },
      },
    },
    extension,
  },
  // selectionBehavior MUST be given when the card has suggestions
  if: { required: ['suggestions'] },
  then: { required: ['selectionBehavior'] },
} as const;

export const CDS_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['cards'],
  additionalProperties: false,
  properties: { cards: { type: 'array', items: card }, systemActions: { type: 'array', items: action }, extension },
} as const;

const patientContext = { userId: { type: 'string', pattern: '^(Practitioner|PractitionerRole|Patient|RelatedPerson)/.+' }, patientId: { type: 'string', minLength: 1 }, encounterId: { type: 'string' } };
const bundle = { type: 'object', required: ['resourceType'], properties: { resourceType: { const: 'Bundle' }, entry: { type: 'array', items: { type: 'object', properties: { resource: { type: 'object', required: ['resourceType'] } } } } } };

const request = (hook: string, context: object) =>
  ({
    type: 'object',
    required: ['hook', 'hookInstance', 'context'],
    additionalProperties: false,
    properties: {
      hook: { const: hook },
      hookInstance: { type: 'string', format: 'uuid' },
      fhirServer: { type: 'string', format: 'uri' },
      fhirAuthorization: {
        type: 'object',
        required: ['access_token', 'token_type', 'expires_in', 'scope', 'subject'],
        properties: { access_token: { type: 'string' }, token_type: { const: 'Bearer' }, expires_in: { type: 'integer', minimum: 0 }, scope: { type: 'string' }, subject: { type: 'string' }, patient: { type: 'string' } },
      },
      context,
      prefetch: { type: 'object' },
      extension,
    },
    dependencies: { fhirAuthorization: ['fhirServer'] },
  }) as const;

export const CDS_REQUEST_SCHEMAS = {
  'patient-view': request('patient-view', { type: 'object', required: ['userId', 'patientId'], additionalProperties: false, properties: patientContext }),
  'order-select': request('order-select', {
    type: 'object',
    required: ['userId', 'patientId', 'selections', 'draftOrders'],
    additionalProperties: false,
    properties: { ...patientContext, selections: { type: 'array', minItems: 1, items: { type: 'string' } }, draftOrders: bundle },
  }),
  'order-sign': request('order-sign', { type: 'object', required: ['userId', 'patientId', 'draftOrders'], additionalProperties: false, properties: { ...patientContext, draftOrders: bundle } }),
} as const;

export const CDS_FEEDBACK_SCHEMA = {
  type: 'object',
  required: ['feedback'],
  additionalProperties: false,
  properties: {
    feedback: {
      type: 'array',
      items: {
        type: 'object',
        required: ['card', 'outcome', 'outcomeTimestamp'],
        additionalProperties: false,
        properties: {
          card: { type: 'string', format: 'uuid' },
          outcome: { enum: ['accepted', 'overridden'] },
          acceptedSuggestions: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } },
          overrideReason: { type: 'object', additionalProperties: false, properties: { reason: coding, userComment: { type: 'string' } } },
          outcomeTimestamp: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;
