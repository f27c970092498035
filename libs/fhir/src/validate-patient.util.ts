import type { PatientIdentifier } from './canonical-observation';
import type { Patient } from './fhir-types';
import type { ValidationResult } from './ingest-result';
import { fhirIssue, hasBlockingIssue } from './operation-outcome.util';
import { DISPLAY_MAX_LENGTH, FHIR_ID, URI_MAX_LENGTH, checkArray, checkObject, checkString, isRecord, type Issues } from './validate-datatypes.util';

/** Validates an R4 Patient's id and identifiers (https://hl7.org/fhir/R4/patient.html), the only fields ingest keeps. */
export function validatePatient(input: unknown, path = 'Patient'): ValidationResult<Patient> {
  const issues: Issues = [];
  if (!isRecord(input)) return { ok: false, issues: [fhirIssue('error', 'structure', 'a Patient must be a JSON object', path)] };
  if (input['resourceType'] !== 'Patient') {
    return { ok: false, issues: [fhirIssue('error', 'invalid', `resourceType must be "Patient", got ${JSON.stringify(input['resourceType'])}`, `${path}.resourceType`)] };
  }
  const id = checkString(input['id'], `${path}.id`, issues);
  if (id !== undefined && !FHIR_ID.test(id)) issues.push(fhirIssue('error', 'value', `id "${id}" is not a FHIR id ([A-Za-z0-9-.]{1,64})`, `${path}.id`));
  checkArray(input['identifier'], `${path}.identifier`, issues)?.forEach((raw, i) => {
    const ip = `${path}.identifier[${i}]`;
    const identifier = checkObject(raw, ip, issues);
    if (identifier === undefined) return;
    checkString(identifier['system'], `${ip}.system`, issues, false, URI_MAX_LENGTH);
    checkString(identifier['value'], `${ip}.value`, issues, false, DISPLAY_MAX_LENGTH);
  });
  return hasBlockingIssue(issues) ? { ok: false, issues } : { ok: true, value: input as Patient, issues };
}

/** Identifiers with both system and value: the ones a conditional reference can match. */
export function patientIdentifiers(patient: Patient): PatientIdentifier[] {
  return (patient.identifier ?? []).flatMap((i) => (i.system !== undefined && i.value !== undefined ? [{ system: i.system, value: i.value }] : []));
}
