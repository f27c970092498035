import { EMPTY_PATIENT_INDEX, type CanonicalObservation, type PatientIndex, type PatientRecord } from './canonical-observation';
import { exceedsJsonDepth, JSON_MAX_DEPTH } from './check-json-depth.util';
import { deterministicUuid } from './deterministic-uuid.util';
import type { Bundle, BundleEntry, BundleEntryResponse, MedicationAdministration, MedicationRequest, Observation, Patient, Resource } from './fhir-types';
import type { BundleIngestResult, IngestOptions } from './ingest-result';
import { normaliseMedicationAdministration, validateMedicationAdministration } from './medication-administration.util';
import { normaliseMedicationRequest, validateMedicationRequest } from './medication-request.util';
import { normaliseObservation } from './normalise-observation.util';
import { buildOperationOutcome, fhirIssue, hasBlockingIssue, rejectionStatus } from './operation-outcome.util';
import { parseIdentifierQuery, resolvePatientReference, type BundleReferenceIndex } from './resolve-patient-reference.util';
import { timePolicyError } from './time-policy.util';
import { FHIR_ID, URI_MAX_LENGTH, checkObject, checkString, isRecord, type Issues } from './validate-datatypes.util';
import { validateObservation } from './validate-observation.util';
import { patientIdentifiers, validatePatient } from './validate-patient.util';

/** Resource types turned into canonical records or patients; every other type is acknowledged and not stored. */
const INGESTED = new Set(['Observation', 'Patient', 'MedicationAdministration', 'MedicationRequest']);

interface EntryState {
  readonly index: number;
  readonly path: string;
  readonly entry: BundleEntry;
  readonly issues: Issues;
  patientId?: string;
  /** Conditional create (ifNoneExist) that matched an existing patient: 200 OK, nothing created. */
  matchedExisting?: boolean;
  records: readonly CanonicalObservation[];
}

/**
 * Processes a FHIR R4 Bundle of type transaction or batch (https://hl7.org/fhir/R4/http.html#transaction).
 * Transaction: all or nothing; one invalid entry rejects the bundle with an OperationOutcome naming every
 * failing location. Batch: each entry succeeds or fails alone and the batch-response carries per-entry status.
 * Entries may be POST or PUT; `urn:uuid:` fullUrls, literal and conditional (`Patient?identifier=`) subject
 * references and conditional creates (`ifNoneExist`) resolve to stable patient ids.
 */
export function processBundle(input: unknown, options: IngestOptions): BundleIngestResult {
  const top: Issues = [];
  const bundle = checkBundleShape(input, top);
  if (bundle === undefined) return { kind: 'rejected', status: 400, outcome: buildOperationOutcome(top) };
  const transaction = bundle.type === 'transaction';
  const index = options.patientIndex ?? EMPTY_PATIENT_INDEX;
  const source = options.source ?? 'fhir';
  const states: EntryState[] = (bundle.entry ?? []).map((entry, i) => ({ index: i, path: `Bundle.entry[${i}]`, entry, issues: [], records: [] }));

  // 1. Shape of every entry and of the resources we ingest.
  for (const s of states) validateEntry(s, bundle.type);
  checkUniqueFullUrls(states);

  // 2. Patient ids, then the fullUrl index references resolve against (failed patients excluded).
  for (const s of states) if (!hasBlockingIssue(s.issues) && s.entry.resource?.resourceType === 'Patient') assignPatientId(s, index);
  const refIndex = buildReferenceIndex(states);

  // 3. Subjects and normalisation.
  for (const s of states) if (!hasBlockingIssue(s.issues)) normaliseEntry(s, refIndex, index, options.receivedAt, source);

  const failed = states.filter((s) => hasBlockingIssue(s.issues));
  if (transaction && failed.length > 0) {
    const issues = failed.flatMap((s) => s.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal'));
    return { kind: 'rejected', status: rejectionStatus(issues), outcome: buildOperationOutcome(issues) };
  }
  const ok = states.filter((s) => !hasBlockingIssue(s.issues));
  const patients = dedupePatients(ok.flatMap((s) => (s.patientId !== undefined && s.entry.resource?.resourceType === 'Patient' ? [{ id: s.patientId, identifiers: patientIdentifiers(s.entry.resource as Patient) }] : [])));
  return {
    kind: 'processed',
    bundleType: transaction ? 'transaction' : 'batch',
    observations: ok.flatMap((s) => s.records),
    patients,
    response: {
      resourceType: 'Bundle',
      type: transaction ? 'transaction-response' : 'batch-response',
      entry: states.map((s) => ({ response: entryResponse(s) })),
    },
  };
}

function checkBundleShape(input: unknown, issues: Issues): Bundle | undefined {
  if (!isRecord(input)) {
    issues.push(fhirIssue('error', 'structure', 'the request body must be a JSON object (a FHIR Bundle)', 'Bundle'));
    return undefined;
  }
  if (exceedsJsonDepth(input)) {
    issues.push(fhirIssue('error', 'structure', `the Bundle nests deeper than ${JSON_MAX_DEPTH} levels`, 'Bundle'));
    return undefined;
  }
  if (input['resourceType'] !== 'Bundle') {
    issues.push(fhirIssue('error', 'invalid', `resourceType must be "Bundle", got ${JSON.stringify(input['resourceType'])}`, 'Bundle.resourceType'));
    return undefined;
  }
  const type = checkString(input['type'], 'Bundle.type', issues, true);
  if (type !== undefined && type !== 'transaction' && type !== 'batch') {
    issues.push(fhirIssue('error', 'not-supported', `Bundle.type "${type}" is not processed: POST a transaction or a batch`, 'Bundle.type'));
  }
  if (input['entry'] !== undefined && !Array.isArray(input['entry'])) issues.push(fhirIssue('error', 'structure', 'entry must be an array', 'Bundle.entry'));
  return issues.length === 0 ? (input as unknown as Bundle) : undefined;
}

function validateEntry(s: EntryState, bundleType: string): void {
  const { path, issues } = s;
  const entry = checkObject(s.entry as unknown, path, issues, true);
  if (entry === undefined) return;
  checkString(entry['fullUrl'], `${path}.fullUrl`, issues, false, URI_MAX_LENGTH);
  const resource = checkObject(entry['resource'], `${path}.resource`, issues, true);
  const request = checkObject(entry['request'], `${path}.request`, issues, true);
  if (resource === undefined || request === undefined) return;
  const type = checkString(resource['resourceType'], `${path}.resource.resourceType`, issues, true);
  const method = checkString(request['method'], `${path}.request.method`, issues, true);
  const url = checkString(request['url'], `${path}.request.url`, issues, true);
  const ifNoneExist = checkString(request['ifNoneExist'], `${path}.request.ifNoneExist`, issues);
  if (type === undefined || method === undefined || url === undefined) return;
  if (method !== 'POST' && method !== 'PUT') {
    issues.push(fhirIssue('error', 'not-supported', `request.method ${method} is not supported in a ${bundleType}: use POST or PUT`, `${path}.request.method`));
  } else if (method === 'POST' && url !== type) {
    issues.push(fhirIssue('error', 'invalid', `request.url "${url}" must be "${type}" for a POST of a ${type}`, `${path}.request.url`));
  } else if (method === 'PUT') {
    const m = /^([A-Za-z]+)\/([^/?]+)$/.exec(url);
    if (!m || m[1] !== type || !FHIR_ID.test(m[2]!)) issues.push(fhirIssue('error', 'invalid', `request.url "${url}" must be ${type}/<id> for a PUT`, `${path}.request.url`));
    else if (resource['id'] !== undefined && resource['id'] !== m[2]) issues.push(fhirIssue('error', 'invariant', `resource.id "${String(resource['id'])}" differs from the id in request.url`, `${path}.resource.id`));
  }
  if (ifNoneExist !== undefined && (type !== 'Patient' || parseIdentifierQuery(ifNoneExist) === undefined)) {
    issues.push(fhirIssue('error', 'not-supported', 'ifNoneExist is supported for Patient as identifier=system|value', `${path}.request.ifNoneExist`));
  }
  const rp = `${path}.resource`;
  const validate = { Observation: validateObservation, Patient: validatePatient, MedicationAdministration: validateMedicationAdministration, MedicationRequest: validateMedicationRequest }[type];
  const result = validate?.(resource, rp);
  if (result !== undefined) issues.push(...result.issues);
}

/** R4 bdl-7: fullUrl must be unique in a bundle. */
function checkUniqueFullUrls(states: EntryState[]): void {
  const seen = new Map<string, number>();
  for (const s of states) {
    const url = s.entry?.fullUrl;
    if (typeof url !== 'string') continue;
    const first = seen.get(url);
    if (first === undefined) seen.set(url, s.index);
    else s.issues.push(fhirIssue('error', 'invariant', `fullUrl ${url} already used by entry[${first}]`, `${s.path}.fullUrl`));
  }
}

/**
 * A patient's stable id: the id in a PUT url; for a conditional create, the patient it matches; else the
 * resource id the client gave; else a name-based UUID from its first identifier, or from its fullUrl.
 */
function assignPatientId(s: EntryState, index: PatientIndex): void {
  const patient = s.entry.resource as Patient;
  const request = s.entry.request!;
  if (request.method === 'PUT') {
    s.patientId = request.url.slice('Patient/'.length);
    return;
  }
  if (request.ifNoneExist !== undefined) {
    const token = parseIdentifierQuery(request.ifNoneExist);
    const existing = token?.system === undefined ? undefined : index.findByIdentifier(token.system, token.value);
    if (existing !== undefined) {
      s.patientId = existing;
      s.matchedExisting = true;
      return;
    }
  }
  const first = patientIdentifiers(patient)[0];
  s.patientId = patient.id ?? (first !== undefined ? deterministicUuid(`Patient?identifier=${first.system}|${first.value}`) : deterministicUuid(`Patient#${s.entry.fullUrl ?? s.index}`));
}

function buildReferenceIndex(states: EntryState[]): BundleReferenceIndex {
  const byFullUrl = new Map<string, { resourceType: string; id: string }>();
  const patients: { id: string; identifiers: ReturnType<typeof patientIdentifiers> }[] = [];
  for (const s of states) {
    const r = s.entry?.resource;
    if (!isRecord(r) || typeof r.resourceType !== 'string') continue;
    if (r.resourceType === 'Patient') {
      if (s.patientId === undefined) continue; // failed validation: nothing may resolve to it
      patients.push({ id: s.patientId, identifiers: patientIdentifiers(r as Patient) });
      if (typeof s.entry.fullUrl === 'string') byFullUrl.set(s.entry.fullUrl, { resourceType: 'Patient', id: s.patientId });
    } else if (typeof s.entry.fullUrl === 'string') {
      byFullUrl.set(s.entry.fullUrl, { resourceType: r.resourceType, id: typeof r.id === 'string' ? r.id : s.entry.fullUrl });
    }
  }
  return { byFullUrl, patients };
}

function normaliseEntry(s: EntryState, refIndex: BundleReferenceIndex, index: PatientIndex, receivedAt: Date, source: string): void {
  const given = s.entry.resource as Resource;
  if (given.resourceType !== 'Observation' && given.resourceType !== 'MedicationAdministration' && given.resourceType !== 'MedicationRequest') return;
  // A PUT names the id in its url; the resource may leave it out.
  const putId = s.entry.request?.method === 'PUT' ? s.entry.request.url.split('/')[1] : undefined;
  const resource: Resource = given.id === undefined && putId !== undefined ? { ...given, id: putId } : given;
  const subjectPath = `${s.path}.resource.subject.reference`;
  const reference = (resource as Observation | MedicationAdministration | MedicationRequest).subject?.reference ?? '';
  const resolved = resolvePatientReference(reference, refIndex, index);
  if (!resolved.ok) {
    s.issues.push(fhirIssue('error', resolved.code, resolved.message, subjectPath));
    return;
  }
  s.patientId = resolved.patientId;
  if (resource.resourceType === 'MedicationAdministration' || resource.resourceType === 'MedicationRequest') {
    const request = resource.resourceType === 'MedicationRequest';
    const ctx = { patientId: resolved.patientId, receivedAt, source };
    const records = request ? normaliseMedicationRequest(resource as MedicationRequest, ctx) : normaliseMedicationAdministration(resource as MedicationAdministration, ctx);
    const refused = records.length === 0 ? undefined : timePolicyError(records[0]!.effectiveTime, receivedAt);
    if (refused !== undefined) s.issues.push(fhirIssue('error', 'business-rule', refused, `${s.path}.resource.${request ? 'dosageInstruction[0].timing.repeat.boundsPeriod.start' : 'effective[x]'}`));
    else s.records = records;
    return;
  }
  const result = normaliseObservation(resource as Observation, { patientId: resolved.patientId, receivedAt, source, path: `${s.path}.resource` });
  s.issues.push(...result.issues);
  s.records = hasBlockingIssue(result.issues) ? [] : result.records;
}

function entryResponse(s: EntryState): BundleEntryResponse {
  const errors = s.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length > 0) {
    const status = rejectionStatus(errors);
    return { status: status === 400 ? '400 Bad Request' : '422 Unprocessable Entity', outcome: buildOperationOutcome(errors) };
  }
  const resource = s.entry.resource as Resource;
  const putId = s.entry.request?.method === 'PUT' ? s.entry.request.url.split('/')[1] : undefined;
  const notes = s.issues.length > 0 ? { outcome: buildOperationOutcome(s.issues) } : {};
  if (!INGESTED.has(resource.resourceType)) {
    return { status: '200 OK', outcome: buildOperationOutcome([fhirIssue('information', 'informational', `${resource.resourceType} is accepted and not stored: Shuji ingests Observation, Patient, MedicationAdministration and MedicationRequest`, `${s.path}.resource`)]) };
  }
  if (resource.resourceType === 'Patient') return { status: s.matchedExisting ? '200 OK' : '201 Created', location: `Patient/${s.patientId}`, ...notes };
  if (resource.resourceType === 'MedicationRequest' && s.records.length === 0) {
    const why = 'MedicationRequest is accepted and not stored: only an active or completed order or plan of a drug the twin models becomes a schedule';
    return { status: '200 OK', outcome: buildOperationOutcome([...s.issues, fhirIssue('information', 'informational', why, `${s.path}.resource`)]) };
  }
  const id = resource.id ?? putId ?? s.records[0]?.eventId;
  const location = id === undefined ? undefined : `${resource.resourceType}/${id}/_history/${resource.meta?.versionId ?? '1'}`;
  return { status: '201 Created', ...(location !== undefined ? { location } : {}), ...notes };
}

function dedupePatients(patients: PatientRecord[]): PatientRecord[] {
  const byId = new Map<string, PatientRecord>();
  for (const p of patients) {
    const prev = byId.get(p.id);
    const identifiers = [...(prev?.identifiers ?? []), ...p.identifiers].filter((x, i, all) => all.findIndex((y) => y.system === x.system && y.value === x.value) === i);
    byId.set(p.id, { id: p.id, identifiers });
  }
  return [...byId.values()];
}
