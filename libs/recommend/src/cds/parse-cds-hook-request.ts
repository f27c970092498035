/**
 * A CDS Hooks 2.0 hook request, checked against the service it was sent to: `hook` must be the service's,
 * `hookInstance` a UUID, `context` the hook's (patient-view: userId, patientId, encounterId?; order-select:
 * + selections and draftOrders; order-sign: + draftOrders), `fhirAuthorization` only beside a `fhirServer`.
 * Each refusal names the field (RecommendInputError → 400).
 */
import { RecommendInputError } from '../shared/recommend-input.error';
import { objectAt, onlyFields } from '../shared/request-fields.util';
import type { CdsHookRequest, CdsServiceDefinition } from './cds-hooks.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(value: unknown, field: string, max = 256): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new RecommendInputError(field, `must be a non-empty string of at most ${max} characters`);
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : text(value, field);
}

/** `Patient/123` or `123` (the specification's patientId is the bare id; some clients send the reference). */
function patientId(value: unknown): string {
  const id = text(value, 'context.patientId', 64).replace(/^Patient\//, '');
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw new RecommendInputError('context.patientId', 'must be a FHIR id');
  return id;
}

function draftOrders(value: unknown): NonNullable<CdsHookRequest['context']['draftOrders']> {
  const bundle = objectAt(value, 'context.draftOrders');
  if (bundle.resourceType !== 'Bundle') throw new RecommendInputError('context.draftOrders.resourceType', 'must be "Bundle"');
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) throw new RecommendInputError('context.draftOrders.entry', 'must be an array');
  const entry = (bundle.entry ?? []) as unknown[];
  entry.forEach((e, i) => {
    const resource = objectAt(objectAt(e, `context.draftOrders.entry[${i}]`).resource, `context.draftOrders.entry[${i}].resource`);
    if (typeof resource.resourceType !== 'string') throw new RecommendInputError(`context.draftOrders.entry[${i}].resource.resourceType`, 'must be a string');
  });
  return { resourceType: 'Bundle', entry: entry as { resource: Record<string, unknown> }[] };
}

function fhirAuthorization(value: unknown): NonNullable<CdsHookRequest['fhirAuthorization']> {
  const auth = objectAt(value, 'fhirAuthorization');
  if (auth.token_type !== 'Bearer') throw new RecommendInputError('fhirAuthorization.token_type', 'must be "Bearer"');
  if (typeof auth.expires_in !== 'number' || !Number.isInteger(auth.expires_in) || auth.expires_in < 0) throw new RecommendInputError('fhirAuthorization.expires_in', 'must be a non-negative integer');
  return {
    access_token: text(auth.access_token, 'fhirAuthorization.access_token', 8192),
    token_type: 'Bearer',
    expires_in: auth.expires_in,
    scope: text(auth.scope, 'fhirAuthorization.scope', 4096),
    subject: text(auth.subject, 'fhirAuthorization.subject'),
    ...(auth.patient === undefined ? {} : { patient: text(auth.patient, 'fhirAuthorization.patient', 64) }),
  };
}

export function parseCdsHookRequest(body: unknown, service: CdsServiceDefinition): CdsHookRequest {
  const record = objectAt(body, 'body');
  if (record.hook !== service.hook) throw new RecommendInputError('hook', `must be "${service.hook}" for service ${service.id}`);
  if (typeof record.hookInstance !== 'string' || !UUID.test(record.hookInstance)) throw new RecommendInputError('hookInstance', 'must be a UUID');
  let fhirServer: string | undefined;
  if (record.fhirServer !== undefined) {
    fhirServer = text(record.fhirServer, 'fhirServer', 2048);
    if (!URL.canParse(fhirServer) || !/^https?:$/.test(new URL(fhirServer).protocol)) throw new RecommendInputError('fhirServer', 'must be an http(s) URL');
  }
  if (record.fhirAuthorization !== undefined && record.fhirAuthorization !== null && fhirServer === undefined) throw new RecommendInputError('fhirAuthorization', 'needs a fhirServer');
  const context = objectAt(record.context, 'context');
  const fields = service.hook === 'patient-view' ? ['userId', 'patientId', 'encounterId'] : service.hook === 'order-select' ? ['userId', 'patientId', 'encounterId', 'selections', 'draftOrders'] : ['userId', 'patientId', 'encounterId', 'draftOrders'];
  onlyFields(context, fields, 'context.');
  let selections: string[] | undefined;
  if (service.hook === 'order-select') {
    if (!Array.isArray(context.selections) || context.selections.length === 0) throw new RecommendInputError('context.selections', 'must be a non-empty array of references');
    selections = context.selections.map((s, i) => text(s, `context.selections[${i}]`));
  }
  const prefetch = record.prefetch === undefined || record.prefetch === null ? {} : objectAt(record.prefetch, 'prefetch');
  const encounterId = optionalText(context.encounterId, 'context.encounterId');
  return {
    hook: service.hook,
    hookInstance: record.hookInstance,
    ...(fhirServer === undefined ? {} : { fhirServer }),
    ...(record.fhirAuthorization === undefined || record.fhirAuthorization === null ? {} : { fhirAuthorization: fhirAuthorization(record.fhirAuthorization) }),
    context: {
      userId: text(context.userId, 'context.userId'),
      patientId: patientId(context.patientId),
      ...(encounterId === undefined ? {} : { encounterId }),
      ...(selections === undefined ? {} : { selections }),
      ...(service.hook === 'patient-view' ? {} : { draftOrders: draftOrders(context.draftOrders) }),
    },
    prefetch,
  };
}
