import { EMPTY_PATIENT_INDEX } from './canonical-observation';
import { exceedsJsonDepth, JSON_MAX_DEPTH } from './check-json-depth.util';
import type { ObservationIngestResult, IngestOptions } from './ingest-result';
import { normaliseObservation } from './normalise-observation.util';
import { buildOperationOutcome, fhirIssue, hasBlockingIssue, rejectionStatus } from './operation-outcome.util';
import { resolvePatientReference } from './resolve-patient-reference.util';
import { validateObservation } from './validate-observation.util';

/**
 * `POST /fhir/Observation` (R4 create, https://hl7.org/fhir/R4/http.html#create): validate, resolve the subject
 * (`Patient/<id>` or `Patient?identifier=system|value` against `patientIndex`) and normalise. Rejections carry
 * an OperationOutcome; 400 for invalid content (a meal's carbohydrate out of bounds too), 422 for an unresolvable subject or an unconvertible unit.
 */
export function processObservation(input: unknown, options: IngestOptions): ObservationIngestResult {
  if (exceedsJsonDepth(input)) {
    return { kind: 'rejected', status: 400, outcome: buildOperationOutcome([fhirIssue('error', 'structure', `the resource nests deeper than ${JSON_MAX_DEPTH} levels`, 'Observation')]) };
  }
  const validated = validateObservation(input, 'Observation');
  if (!validated.ok) return { kind: 'rejected', status: 400, outcome: buildOperationOutcome(validated.issues) };
  const obs = validated.value;
  const resolved = resolvePatientReference(obs.subject?.reference ?? '', undefined, options.patientIndex ?? EMPTY_PATIENT_INDEX);
  if (!resolved.ok) {
    return { kind: 'rejected', status: 422, outcome: buildOperationOutcome([fhirIssue('error', resolved.code, resolved.message, 'Observation.subject.reference')]) };
  }
  const result = normaliseObservation(obs, { patientId: resolved.patientId, receivedAt: options.receivedAt, source: options.source ?? 'fhir' });
  const issues = [...validated.issues, ...result.issues];
  if (hasBlockingIssue(result.issues)) return { kind: 'rejected', status: rejectionStatus(result.issues), outcome: buildOperationOutcome(issues) };
  const location = obs.id !== undefined ? `Observation/${obs.id}/_history/${obs.meta?.versionId ?? '1'}` : result.records[0] !== undefined ? `Observation/${result.records[0].eventId}` : 'Observation';
  return { kind: 'processed', observations: result.records, location, outcome: buildOperationOutcome(issues) };
}
