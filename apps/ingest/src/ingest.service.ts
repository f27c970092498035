import { Inject, Injectable, Logger } from '@nestjs/common';
import { fromTimestamp, IngestRequested_Format, IngestRequestedSchema, Topics, type IngestRequested } from '@shuji/contracts';
import { patientIndexFrom, processBundle, processDeviceObservations, processObservation, type CanonicalObservation, type PatientRecord } from '@shuji/fhir';
import { decodeVersioned, EventPublisher, UnprocessableMessageError } from '@shuji/messaging';
import { DeadLetterRepository, inTransaction, ObservationRepository, PatientRepository } from '@shuji/persistence';
import { DataSource } from 'typeorm';
import { toCanonicalEvents } from './canonical-event.mapper';
import { readDeviceRecords, readFhirRecords } from './device-records.util';

export interface IngestOutcome {
  readonly observations: number;
  readonly inserted: number;
  readonly patients: number;
  /** Records not stored because their key holds another value (dead-lettered with EVENT_ID_CONFLICT). */
  readonly conflicts: number;
}

/**
 * Turns one IngestRequested into stored records and their events (ObservationRecorded; MealLogged for a
 * carbohydrate intake, MedicationAdministered for a dose, see canonical-event.mapper):
 * decode → read the records the gateway normalised (FORMAT_DEVICE_RECORDS, FORMAT_FHIR_RECORDS: shape-checked only;
 * older raw formats are normalised here with @shuji/fhir, same receivedAt and resolved identifiers as the gateway,
 * hence the same deterministic event ids) → store patients and observations in one transaction (idempotent on event
 * id) → publish. A redelivery re-publishes; downstream consumers dedupe by event id.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ObservationRepository) private readonly observations: ObservationRepository,
    @Inject(PatientRepository) private readonly patients: PatientRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(DeadLetterRepository) private readonly deadLetters: DeadLetterRepository,
  ) {}

  /** One request; an unprocessable one throws its UnprocessableMessageError (the bus dead-letters it). */
  async handle(bytes: Buffer): Promise<IngestOutcome> {
    let rejected: UnprocessableMessageError | undefined;
    const outcome = await this.handleBatch([bytes], (_, error) => void (rejected = error));
    if (rejected !== undefined) throw rejected;
    return outcome;
  }

  /**
   * Many requests (a Kafka fetch of one partition) stored in one transaction: one multi-row upsert for all their
   * observations, then their events. A request that cannot be decoded or normalised is passed to `reject` (the bus
   * dead-letters it with its reason) and the others are stored; any other failure throws for the whole batch.
   */
  async handleBatch(values: readonly Buffer[], reject: (index: number, error: UnprocessableMessageError) => void): Promise<IngestOutcome> {
    const observations: CanonicalObservation[] = [];
    const patients: PatientRecord[] = [];
    values.forEach((bytes, index) => {
      try {
        const n = normalise(decode(bytes));
        for (const o of n.observations) observations.push(o);
        for (const p of n.patients) patients.push(p);
      } catch (err) {
        if (!(err instanceof UnprocessableMessageError)) throw err;
        reject(index, err);
      }
    });
    if (observations.length === 0 && patients.length === 0) return { observations: 0, inserted: 0, patients: 0, conflicts: 0 };
    const { inserted, conflicts } = await inTransaction(this.dataSource, async (runner) => {
      await this.patients.upsertMany(patients, runner);
      const n = await this.observations.insertMany(observations, runner);
      return { inserted: n, conflicts: n < observations.length ? await this.observations.findConflicts(observations, runner) : [] };
    });
    // a conflicting record (its key stored with another value) is never silently dropped, nor sent to the twin
    for (const record of conflicts) await this.deadLetterConflict(record);
    const conflicting = new Set(conflicts);
    const published = conflicting.size === 0 ? observations : observations.filter((o) => !conflicting.has(o));
    for (const batch of toCanonicalEvents(published)) await this.publisher.publishMany(batch.topic, batch.messages);
    if (inserted < observations.length) this.logger.debug(`${observations.length - inserted - conflicts.length} duplicate and ${conflicts.length} conflicting observations not stored`);
    return { observations: observations.length, inserted, patients: patients.length, conflicts: conflicts.length };
  }

  /** The gateway answers 409 for a conflict it can see; one that raced its first write ends here, with its reason. */
  private async deadLetterConflict(record: CanonicalObservation): Promise<void> {
    await this.deadLetters.add({
      topic: Topics.ingestRequested,
      key: record.patientId,
      payload: Buffer.from(JSON.stringify(record), 'utf8'),
      reason: `event id "${record.eventId}" of this patient and source "${record.source}" is stored with another value: not stored`,
      errorCode: EVENT_ID_CONFLICT,
      attempts: 1,
    });
  }
}

/** The dead-letter code of a record whose key was stored with other content. */
export const EVENT_ID_CONFLICT = 'EVENT_ID_CONFLICT';

function decode(bytes: Buffer): IngestRequested {
  return decodeVersioned(IngestRequestedSchema, bytes);
}

function normalise(request: IngestRequested): { observations: readonly CanonicalObservation[]; patients: readonly PatientRecord[] } {
  // a view on the decoded bytes, not a copy (bundles are megabytes)
  const text = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString('utf8');
  // normalised once at the gateway: read, shape-checked, not validated again
  if (request.format === IngestRequested_Format.DEVICE_RECORDS) return { observations: readDeviceRecords(text, request.patientId), patients: [] };
  if (request.format === IngestRequested_Format.FHIR_RECORDS) return readFhirRecords(text);
  // the raw formats below: what gateways before FORMAT_FHIR_RECORDS published (a topic may still hold them)
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new UnprocessableMessageError(`body is not JSON: ${(err as Error).message}`, 'INVALID_BODY');
  }
  const receivedAt = fromTimestamp(request.receivedTime);
  if (!receivedAt) throw new UnprocessableMessageError('received_time is missing', 'INVALID_EVENT');
  const resolved = new Map(Object.entries(request.resolvedIdentifiers));
  const options = { receivedAt, source: request.source || 'fhir', patientIndex: patientIndexFrom(resolved) };
  switch (request.format) {
    case IngestRequested_Format.FHIR_BUNDLE: {
      const r = processBundle(body, options);
      if (r.kind === 'rejected') throw new UnprocessableMessageError(`bundle rejected: ${diagnostics(r.outcome.issue)}`, 'INVALID_FHIR');
      return { observations: r.observations, patients: r.patients };
    }
    case IngestRequested_Format.FHIR_OBSERVATION: {
      const r = processObservation(body, options);
      if (r.kind === 'rejected') throw new UnprocessableMessageError(`observation rejected: ${diagnostics(r.outcome.issue)}`, 'INVALID_FHIR');
      return { observations: r.observations, patients: [] };
    }
    case IngestRequested_Format.DEVICE_JSON: {
      const r = processDeviceObservations(body, { receivedAt, source: request.source || 'device' });
      if (!r.ok) throw new UnprocessableMessageError(`device batch rejected: ${r.errors.map((e) => `[${e.index}].${e.field}: ${e.message}`).join('; ')}`, 'INVALID_DEVICE');
      return { observations: r.observations, patients: [] };
    }
    default:
      throw new UnprocessableMessageError(`unknown IngestRequested format ${request.format}`, 'INVALID_EVENT');
  }
}

function diagnostics(issues: readonly { diagnostics?: string; expression?: readonly string[] }[]): string {
  return issues.map((i) => `${i.expression?.join(',') ?? ''} ${i.diagnostics ?? ''}`.trim()).join('; ');
}
