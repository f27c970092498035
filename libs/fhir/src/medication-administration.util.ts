import { RXNORM_SYSTEM, type CanonicalObservation } from './canonical-observation';
import { normaliseUnitSymbol } from './convert-unit.util';
import { deterministicUuid, canonicalJsonHash } from './deterministic-uuid.util';
import type { MedicationAdministration } from './fhir-types';
import type { ValidationResult } from './ingest-result';
import { primaryCoding } from './normalise-observation.util';
import { fhirIssue, hasBlockingIssue } from './operation-outcome.util';
import { parseFhirDateTime } from './parse-fhir-date-time.util';
import { FHIR_ID, checkCodeableConcept, checkDateTime, checkObject, checkQuantity, checkReference, checkString, isRecord, type Issues } from './validate-datatypes.util';

const ADMINISTRATION_STATUS = new Set(['in-progress', 'not-done', 'on-hold', 'completed', 'entered-in-error', 'stopped', 'unknown']);

/**
 * Validates an R4 MedicationAdministration (https://hl7.org/fhir/R4/medicationadministration.html): status,
 * medicationCodeableConcept, subject, effective[x] and dosage.dose, the fields that become a `medication` record.
 */
export function validateMedicationAdministration(input: unknown, path = 'MedicationAdministration'): ValidationResult<MedicationAdministration> {
  const issues: Issues = [];
  if (!isRecord(input) || input['resourceType'] !== 'MedicationAdministration') {
    return { ok: false, issues: [fhirIssue('error', 'invalid', 'resourceType must be "MedicationAdministration"', `${path}.resourceType`)] };
  }
  const id = checkString(input['id'], `${path}.id`, issues);
  if (id !== undefined && !FHIR_ID.test(id)) issues.push(fhirIssue('error', 'value', `id "${id}" is not a FHIR id`, `${path}.id`));
  const status = checkString(input['status'], `${path}.status`, issues, true);
  if (status !== undefined && !ADMINISTRATION_STATUS.has(status)) issues.push(fhirIssue('error', 'code-invalid', `status "${status}" is not an R4 medication-admin-status`, `${path}.status`));
  if (input['medicationCodeableConcept'] === undefined) {
    issues.push(fhirIssue('error', input['medicationReference'] === undefined ? 'required' : 'not-supported', 'medicationCodeableConcept is required (medicationReference is not supported)', `${path}.medicationCodeableConcept`));
  } else checkCodeableConcept(input['medicationCodeableConcept'], `${path}.medicationCodeableConcept`, issues, true);
  checkReference(input['subject'], `${path}.subject`, issues, true);
  if (input['effectiveDateTime'] !== undefined) checkDateTime(input['effectiveDateTime'], `${path}.effectiveDateTime`, issues);
  else {
    const period = checkObject(input['effectivePeriod'], `${path}.effective[x]`, issues, true);
    if (period !== undefined) {
      if (period['start'] === undefined) issues.push(fhirIssue('error', 'required', 'effectivePeriod.start is required', `${path}.effectivePeriod.start`));
      else checkDateTime(period['start'], `${path}.effectivePeriod.start`, issues);
    }
  }
  const dosage = checkObject(input['dosage'], `${path}.dosage`, issues, true);
  if (dosage !== undefined) checkQuantity(dosage['dose'], `${path}.dosage.dose`, issues);
  return hasBlockingIssue(issues) ? { ok: false, issues } : { ok: true, value: input as MedicationAdministration, issues };
}

/** A validated MedicationAdministration → one `medication` record: the drug code (RxNorm preferred) and the dose given. */
export function normaliseMedicationAdministration(admin: MedicationAdministration, ctx: { readonly patientId: string; readonly receivedAt: Date; readonly source: string }): CanonicalObservation[] {
  if (admin.status === 'entered-in-error' || admin.status === 'not-done') return [];
  const usable = (admin.medicationCodeableConcept?.coding ?? []).filter((c) => c.system !== undefined && c.code !== undefined);
  const coding = usable.find((c) => c.system === RXNORM_SYSTEM) ?? primaryCoding(admin.medicationCodeableConcept);
  const dose = admin.dosage?.dose;
  const time = parseFhirDateTime(admin.effectiveDateTime ?? admin.effectivePeriod?.start ?? '');
  if (coding === undefined || dose?.value === undefined || !time.ok) return [];
  const { id: _id, meta: _meta, subject: _subject, ...content } = admin;
  const identity = admin.id !== undefined
    ? `MedicationAdministration/${admin.id}/_history/${admin.meta?.versionId ?? '1'}`
    : `MedicationAdministration/#${canonicalJsonHash({ content, patientId: ctx.patientId })}`;
  return [
    {
      eventId: deterministicUuid(`${identity}#dose`),
      patientId: ctx.patientId,
      codeSystem: coding.system!,
      code: coding.code!,
      ...(coding.display !== undefined ? { display: coding.display } : {}),
      value: { kind: 'quantity', value: dose.value, unit: normaliseUnitSymbol(dose.code ?? dose.unit ?? '1') },
      effectiveTime: time.iso,
      receivedTime: ctx.receivedAt.toISOString(),
      source: ctx.source,
      modality: 'medication',
      sourceResource: identity,
    },
  ];
}
