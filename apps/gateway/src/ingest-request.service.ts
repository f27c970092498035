import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Permission, requireAccess, requireAccessToEach, type Principal } from '@shuji/access';
import { encodeMessage, IngestRequested_Format, IngestRequestedSchema, partitionKeyFor, SCHEMA_VERSION, toTimestamp, Topics } from '@shuji/contracts';
import {
  buildOperationOutcome,
  fhirIssue,
  findInRequestConflicts,
  parseIdentifierQuery,
  patientIndexFrom,
  processBundle,
  processDeviceObservations,
  processObservation,
  type BundleIngestResult,
  type CanonicalObservation,
  type OperationOutcome,
  type DeviceFieldError,
  type ObservationIngestResult,
  type PatientIdentifier,
  type PatientRecord,
} from '@shuji/fhir';
import { EventPublisher, type OutgoingMessage } from '@shuji/messaging';
import { OBSERVATION_READER, PATIENT_DIRECTORY, type ObservationReader, type PatientDirectory } from './gateway.tokens';
import { PublishBudget } from './publish-budget';

/**
 * Observations accepted but not yet acknowledged by the broker, at most (about 150 bytes each on the bus: ~15 MB);
 * beyond it requests are answered 503 with Retry-After (publish-budget).
 */
export const PUBLISH_BUDGET_OBSERVATIONS = 100_000;

export type DeviceAcceptResult =
  | { readonly ok: true; readonly accepted: number; readonly requests: number }
  /** `conflict`: an item's event id is held, for its patient and source, by another value (409). */
  | { readonly ok: false; readonly errors: readonly DeviceFieldError[]; readonly conflict?: true };

/**
 * Validates and normalises a request once with @shuji/fhir (so the client gets its errors synchronously) and hands
 * the normalised records to the ingest consumer: a device batch as one IngestRequested per patient (keyed by patient
 * id), a FHIR Bundle or Observation as one IngestRequested (keyed by its first patient, so a bundle's patients and
 * observations are stored in one transaction). The consumer stores them without parsing the request again.
 */
@Injectable()
export class IngestRequestService {
  private readonly budget = new PublishBudget(PUBLISH_BUDGET_OBSERVATIONS);

  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(PATIENT_DIRECTORY) private readonly patients: PatientDirectory,
    @Inject(OBSERVATION_READER) private readonly observations: ObservationReader<CanonicalObservation>,
  ) {}

  async acceptBundle(principal: Principal | undefined, body: unknown, source = 'fhir'): Promise<BundleIngestResult> {
    requireAccess(principal, Permission.ObservationWrite);
    const receivedAt = new Date();
    const resolved = await this.resolveConditionalReferences(principal, body);
    const result = processBundle(body, { receivedAt, source, patientIndex: patientIndexFrom(resolved) });
    if (result.kind === 'processed') {
      // all or nothing: one patient out of scope rejects the bundle, named by position (ids are personal data)
      // Patient resources need patient.write; a bundle of a person's own Observations needs only observation.write
      if (result.patients.length > 0) requireAccessToEach(principal, Permission.PatientWrite, result.patients.map((p, i) => ({ patientId: p.id, location: `Patient[${i}]` })));
      requireAccessToEach(principal, Permission.ObservationWrite, result.observations.map((o, i) => ({ patientId: o.patientId, location: `Observation[${i}]` })));
    }
    if (result.kind === 'processed') {
      const conflict = await this.conflictOutcome(result.observations);
      if (conflict !== undefined) return conflict;
    }
    if (result.kind === 'processed' && (result.observations.length > 0 || result.patients.length > 0)) {
      const patientId = result.observations[0]?.patientId ?? result.patients[0]?.id;
      await this.publishRecords(result.observations, result.patients, patientId, source, receivedAt);
    }
    return result;
  }

  async acceptObservation(principal: Principal | undefined, body: unknown, source = 'fhir'): Promise<ObservationIngestResult> {
    requireAccess(principal, Permission.ObservationWrite);
    const receivedAt = new Date();
    const resolved = await this.resolveConditionalReferences(principal, body);
    const result = processObservation(body, { receivedAt, source, patientIndex: patientIndexFrom(resolved) });
    if (result.kind === 'processed') {
      requireAccessToEach(principal, Permission.ObservationWrite, result.observations.map((o) => ({ patientId: o.patientId, location: 'Observation.subject' })));
      const conflict = await this.conflictOutcome(result.observations);
      if (conflict !== undefined) return conflict;
      // an Observation that stores nothing (entered-in-error) is answered, not published: there is nothing to store
      if (result.observations.length > 0) await this.publishRecords(result.observations, [], result.observations[0]?.patientId, source, receivedAt);
    }
    return result;
  }

  async acceptDeviceBatch(principal: Principal | undefined, body: unknown, source = 'device'): Promise<DeviceAcceptResult> {
    requireAccess(principal, Permission.ObservationWrite);
    const receivedAt = new Date();
    const result = processDeviceObservations(body, { receivedAt, source });
    if (!result.ok) return result;
    // all or nothing: the first item for a patient out of scope rejects the batch, named by index and field
    requireAccessToEach(principal, Permission.ObservationWrite, deviceItemPatients(body as { patient_id: string }[]));
    // one record per item, in item order: a conflicting record's position is its item's index
    const conflicts = new Set(await this.conflicts(result.observations));
    if (conflicts.size > 0) {
      const errors = result.observations.flatMap((o, index) => (conflicts.has(o) ? [{ index, field: 'event_id', message: `event_id "${o.eventId}" is held by another value for this patient and source` }] : []));
      return { ok: false, conflict: true, errors };
    }
    // one event per patient keeps each person's readings on one partition, in order; it carries the records as
    // normalised here, so the consumer stores them without validating the device format again
    const byPatient = new Map<string, CanonicalObservation[]>();
    for (const o of result.observations) {
      const list = byPatient.get(o.patientId);
      if (list === undefined) byPatient.set(o.patientId, [o]);
      else list.push(o);
    }
    // one produce request for the whole HTTP batch: the producer's one in-flight request carries all its patients
    const messages = [...byPatient].map(([patientId, records]) => envelope(IngestRequested_Format.DEVICE_RECORDS, records, patientId, source, receivedAt));
    await this.budget.run(result.observations.length, () => this.publisher.publishMany(Topics.ingestRequested, messages));
    return { ok: true, accepted: result.observations.length, requests: byPatient.size };
  }

  /** The normalised content of a FHIR request, as one message (FORMAT_FHIR_RECORDS); counts its observations against the budget. */
  private async publishRecords(observations: readonly CanonicalObservation[], patients: readonly PatientRecord[], patientId: string | undefined, source: string, receivedAt: Date): Promise<void> {
    const message = envelope(IngestRequested_Format.FHIR_RECORDS, { observations, patients }, patientId, source, receivedAt);
    await this.budget.run(Math.max(1, observations.length), () => this.publisher.publish(Topics.ingestRequested, message));
  }

  /** The records whose key another record of the request, or the store, holds with other content. */
  private async conflicts(records: readonly CanonicalObservation[]): Promise<CanonicalObservation[]> {
    if (records.length === 0) return [];
    const inRequest = findInRequestConflicts(records);
    return [...inRequest, ...(await this.observations.findConflicts(records))];
  }

  /** 409 naming each conflicting resource (its id and version), or undefined when there is none. */
  private async conflictOutcome(records: readonly CanonicalObservation[]): Promise<{ kind: 'rejected'; status: 409; outcome: OperationOutcome } | undefined> {
    const conflicts = await this.conflicts(records);
    if (conflicts.length === 0) return undefined;
    const named = [...new Set(conflicts.map((c) => c.sourceResource ?? c.eventId))];
    const issues = named.map((id) => fhirIssue('error', 'conflict', `${id} is stored with another value; send a new meta.versionId to record a correction`));
    return { kind: 'rejected', status: 409, outcome: buildOperationOutcome(issues) };
  }

  /** Conditional references (Patient?identifier=system|value) to patients of earlier requests, looked up once. */
  private async resolveConditionalReferences(principal: Principal, body: unknown): Promise<ReadonlyMap<string, string>> {
    const wanted: PatientIdentifier[] = [];
    collectConditionalReferences(body, wanted, 0);
    if (wanted.length === 0) return new Map();
    const found = await this.patients.findByIdentifiers(wanted, principal.id);
    if (principal.patients === '*') return found;
    // a patient out of scope resolves as no patient: the answer (422 not found) is the same as for an identifier
    // not on file, so a principal cannot learn whose identifier (an SSN) is on file by trying
    const scope = new Set(principal.patients);
    return new Map([...found].filter(([, patientId]) => scope.has(patientId)));
  }
}

/** One IngestRequested keyed by patient (one partition per person keeps their order); `body` is serialised as JSON. */
function envelope(format: IngestRequested_Format, body: unknown, patientId: string | undefined, source: string, receivedAt: Date): OutgoingMessage {
  const requestId = randomUUID();
  const value = encodeMessage(IngestRequestedSchema, {
    schemaVersion: SCHEMA_VERSION,
    requestId,
    format,
    patientId: patientId ?? '',
    body: Buffer.from(JSON.stringify(body), 'utf8'),
    source,
    receivedTime: toTimestamp(receivedAt),
  });
  return { key: partitionKeyFor(patientId, requestId), value, headers: { 'shuji-request-id': requestId } };
}

function collectConditionalReferences(node: unknown, out: PatientIdentifier[], depth: number): void {
  if (depth > 12 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) if (typeof n === 'object') collectConditionalReferences(n, out, depth + 1);
    return;
  }
  // for…in without Object.entries: this walk visits every node of a (megabyte) bundle on the request path
  const record = node as Record<string, unknown>;
  for (const k in record) {
    const v = record[k];
    if (typeof v === 'object') collectConditionalReferences(v, out, depth + 1);
    else if (k === 'reference' && typeof v === 'string' && v.startsWith('Patient?')) {
      const id = parseIdentifierQuery(v);
      if (id?.system !== undefined) out.push({ system: id.system, value: id.value });
    }
  }
}

/** The patients of a validated device batch with their locations, lazily (an all-patient principal reads none). */
function* deviceItemPatients(items: readonly { readonly patient_id: string }[]): Generator<{ patientId: string; location: string }> {
  for (let i = 0; i < items.length; i++) yield { patientId: items[i].patient_id, location: `[${i}].patient_id` };
}
