import { RXNORM_SYSTEM, type CanonicalObservation } from './canonical-observation';
import { normaliseUnitSymbol } from './convert-unit.util';
import { atcOfDrug, checkDrugDose, DRUG_TABLE } from './drug-dose.util';
import { deterministicUuid, canonicalJsonHash } from './deterministic-uuid.util';
import type { Coding, MedicationAdministration, Quantity } from './fhir-types';
import type { ValidationResult } from './ingest-result';
import { primaryCoding } from './normalise-observation.util';
import { fhirIssue, hasBlockingIssue } from './operation-outcome.util';
import { parseFhirDateTime } from './parse-fhir-date-time.util';
import { INSULIN_RATE_UNIT, INSULIN_UNIT, checkInsulinQuantity, isInsulinCoding, type InsulinQuantity, type InsulinQuantityCheck } from './insulin.util';
import { FHIR_ID, checkCodeableConcept, checkDateTime, checkObject, checkQuantity, checkReference, checkString, isRecord, type Issues } from './validate-datatypes.util';

const ADMINISTRATION_STATUS = new Set(['in-progress', 'not-done', 'on-hold', 'completed', 'entered-in-error', 'stopped', 'unknown']);

/**
 * Validates an R4 MedicationAdministration (https://hl7.org/fhir/R4/medicationadministration.html): status,
 * medicationCodeableConcept, subject, effective[x] and dosage.dose (or dosage.rateQuantity), the fields that
 * become a `medication` record. An insulin (ATC A10A…, or RxNorm named insulin) must be dosed in international
 * units: dose in [IU] (or U), rateQuantity in [IU]/h; a dose over an effectivePeriod with an end is a basal rate,
 * and bounded as one (`checkInsulinQuantity`, as in the device format).
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
  if (dosage !== undefined) {
    if (dosage['dose'] === undefined && dosage['rateQuantity'] === undefined) issues.push(fhirIssue('error', 'required', 'dosage.dose or dosage.rateQuantity is required', `${path}.dosage.dose`));
    const dose = dosage['dose'] === undefined ? undefined : checkQuantity(dosage['dose'], `${path}.dosage.dose`, issues);
    const rate = dosage['rateQuantity'] === undefined ? undefined : checkQuantity(dosage['rateQuantity'], `${path}.dosage.rateQuantity`, issues);
    const codings = isRecord(input['medicationCodeableConcept']) && Array.isArray(input['medicationCodeableConcept']['coding']) ? (input['medicationCodeableConcept']['coding'] as unknown[]) : [];
    if (codings.some((c) => isRecord(c) && isInsulinCoding(c as Coding))) checkInsulinDosage(input, dose, rate, path, issues);
    else checkModelledDrugDose(codings, dose, path, issues);
  }
  return hasBlockingIssue(issues) ? { ok: false, issues } : { ok: true, value: input as MedicationAdministration, issues };
}

function checkInsulinDosage(input: Record<string, unknown>, dose: Quantity | undefined, rate: Quantity | undefined, path: string, issues: Issues): void {
  const report = (checked: InsulinQuantityCheck, quantityPath: string): void => {
    if (!checked.ok) issues.push(fhirIssue('error', 'value', checked.message, `${quantityPath}.${checked.field === 'unit' ? 'code' : 'value'}`));
  };
  if (dose?.value !== undefined) report(checkInsulinDose(dose, dose.value, spreadMinutes(input['effectiveDateTime'], input['effectivePeriod'])), `${path}.dosage.dose`);
  if (rate?.value !== undefined) report(checkInsulinRate(rate, rate.value), `${path}.dosage.rateQuantity`);
  const period = isRecord(input['effectivePeriod']) ? input['effectivePeriod'] : undefined;
  if (period !== undefined && typeof period['start'] === 'string' && typeof period['end'] === 'string') {
    const start = parseFhirDateTime(period['start']);
    const end = parseFhirDateTime(period['end']);
    if (!end.ok) issues.push(fhirIssue('error', 'value', end.message, `${path}.effectivePeriod.end`));
    else if (start.ok && !(Date.parse(end.iso) > Date.parse(start.iso))) issues.push(fhirIssue('error', 'value', 'effectivePeriod.end must be after its start', `${path}.effectivePeriod.end`));
  }
}

/** dosage.dose of a drug the twin models (DRUG_TABLE, by ATC or a listed RxNorm code): a mass within its bound. */
function checkModelledDrugDose(codings: readonly unknown[], dose: Quantity | undefined, path: string, issues: Issues): void {
  const atc = codings.map((c) => (isRecord(c) ? atcOfDrug(c as Coding) : undefined)).find((a) => a !== undefined && DRUG_TABLE[a] !== undefined);
  if (atc === undefined || dose?.value === undefined) return;
  const checked = checkDrugDose(atc, dose.value, dose.code ?? dose.unit ?? '');
  if (!checked.ok) issues.push(fhirIssue('error', 'value', checked.message, `${path}.dosage.dose.${checked.field === 'unit' ? 'code' : 'value'}`));
}

/** dosage.dose of an insulin: a bolus in [IU], or the rate in [IU]/h when it is spread over `overMinutes`. */
function checkInsulinDose(dose: Quantity, value: number, overMinutes: number | undefined): InsulinQuantityCheck {
  return checkInsulinQuantity(value, dose.code ?? dose.unit ?? '', { accept: [INSULIN_UNIT], overMinutes });
}

/** dosage.rateQuantity of an insulin, in [IU]/h. */
function checkInsulinRate(rate: Quantity, value: number): InsulinQuantityCheck {
  return checkInsulinQuantity(value, rate.code ?? rate.unit ?? '', { accept: [INSULIN_RATE_UNIT] });
}

/** The minutes of a closed effectivePeriod (end after start) when it, not effectiveDateTime, places the administration in time. */
function spreadMinutes(effectiveDateTime: unknown, period: unknown): number | undefined {
  if (effectiveDateTime !== undefined || !isRecord(period) || typeof period['start'] !== 'string' || typeof period['end'] !== 'string') return undefined;
  const start = parseFhirDateTime(period['start']);
  const end = parseFhirDateTime(period['end']);
  if (!start.ok || !end.ok) return undefined;
  const ms = Date.parse(end.iso) - Date.parse(start.iso);
  return ms > 0 ? ms / 60_000 : undefined;
}

/** A validated MedicationAdministration → one `medication` record: the drug code (RxNorm preferred) and the dose given. */
export function normaliseMedicationAdministration(admin: MedicationAdministration, ctx: { readonly patientId: string; readonly receivedAt: Date; readonly source: string }): CanonicalObservation[] {
  if (admin.status === 'entered-in-error' || admin.status === 'not-done') return [];
  const usable = (admin.medicationCodeableConcept?.coding ?? []).filter((c) => c.system !== undefined && c.code !== undefined);
  // an insulin keeps the coding that says so, so consumers recognise it without a terminology server
  const insulin = usable.find(isInsulinCoding);
  const coding = insulin ?? usable.find((c) => c.system === RXNORM_SYSTEM) ?? primaryCoding(admin.medicationCodeableConcept);
  const time = parseFhirDateTime(admin.effectiveDateTime ?? admin.effectivePeriod?.start ?? '');
  const quantity = insulin !== undefined ? insulinQuantity(admin) : doseQuantity(admin.dosage?.dose);
  if (coding === undefined || quantity === undefined || !time.ok) return [];
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
      value: { kind: 'quantity', ...quantity },
      effectiveTime: time.iso,
      receivedTime: ctx.receivedAt.toISOString(),
      source: ctx.source,
      modality: 'medication',
      sourceResource: identity,
    },
  ];
}

function doseQuantity(dose: Quantity | undefined): { value: number; unit: string } | undefined {
  return dose?.value === undefined ? undefined : { value: dose.value, unit: normaliseUnitSymbol(dose.code ?? dose.unit ?? '1') };
}

/** A bolus in [IU]; a basal rate in [IU]/h from rateQuantity, or from a dose spread over a closed effectivePeriod. */
function insulinQuantity(admin: MedicationAdministration): InsulinQuantity | undefined {
  const { dose, rateQuantity: rate } = admin.dosage ?? {};
  const checked = rate?.value !== undefined
    ? checkInsulinRate(rate, rate.value)
    : dose?.value !== undefined
      ? checkInsulinDose(dose, dose.value, spreadMinutes(admin.effectiveDateTime, admin.effectivePeriod))
      : undefined;
  return checked?.ok === true ? checked.quantity : undefined;
}
