/**
 * R4 MedicationRequest (https://hl7.org/fhir/R4/medicationrequest.html) → a prescribed schedule the twin plans doses
 * from: the drug (a modelled one, DRUG_TABLE), the dose in mg, how often, from when until when. Read from
 * dosageInstruction[0]: doseAndRate[0].doseQuantity (a mass, or a count of tablets of a clinical drug whose strength is
 * known) and timing.repeat (frequency per period of h, d or wk; boundsPeriod, else authoredOn for the start). A request
 * without dosage instructions (Synthea writes none) is read as one tablet a day from authoredOn: the drugs modelled are
 * once-daily drugs by their labels (warfarin, amlodipine, hydrochlorothiazide). Only active or completed orders and
 * plans become schedules; other drugs, proposals, drafts, stopped and cancelled requests are accepted and not scheduled.
 */
import { RXNORM_SYSTEM, type CanonicalObservation } from './canonical-observation';
import { atcOfDrug, checkDrugDose, DRUG_TABLE, RXNORM_STRENGTH_MG } from './drug-dose.util';
import { canonicalJsonHash, deterministicUuid } from './deterministic-uuid.util';
import type { Coding, MedicationRequest, Quantity, TimingRepeat } from './fhir-types';
import type { ValidationResult } from './ingest-result';
import { fhirIssue, hasBlockingIssue } from './operation-outcome.util';
import { parseFhirDateTime } from './parse-fhir-date-time.util';
import { FHIR_ID, checkArray, checkCodeableConcept, checkDateTime, checkObject, checkReference, checkString, isRecord, type Issues } from './validate-datatypes.util';

const REQUEST_STATUS = new Set(['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown']);
const REQUEST_INTENT = new Set(['proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option']);
const SCHEDULED_STATUS = new Set(['active', 'completed']);
const SCHEDULED_INTENT = new Set(['plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order']);
const PERIOD_MIN: Readonly<Record<string, number>> = { h: 60, d: 1440, wk: 10_080 };
/** Units of a dose counted in tablets (UCUM annotations and the spellings EHRs send). */
const TABLET_UNITS = new Set(['{tbl}', '{tablet}', 'tablet', 'tab', 'TAB', '1', '']);
/** More often than hourly or rarer than weekly is no tablet schedule the twin's drugs have. */
const EVERY_MIN_RANGE = [60, 10_080] as const;

export interface PrescribedSchedule {
  readonly atc: string;
  readonly coding: Coding;
  readonly mg: number;
  readonly everyMin: number;
  readonly startIso: string;
  readonly endIso?: string;
}

/** Validates the fields that become a schedule; issues name the path. */
export function validateMedicationRequest(input: unknown, path = 'MedicationRequest'): ValidationResult<MedicationRequest> {
  const issues: Issues = [];
  if (!isRecord(input) || input['resourceType'] !== 'MedicationRequest') {
    return { ok: false, issues: [fhirIssue('error', 'invalid', 'resourceType must be "MedicationRequest"', `${path}.resourceType`)] };
  }
  const id = checkString(input['id'], `${path}.id`, issues);
  if (id !== undefined && !FHIR_ID.test(id)) issues.push(fhirIssue('error', 'value', `id "${id}" is not a FHIR id`, `${path}.id`));
  const status = checkString(input['status'], `${path}.status`, issues, true);
  if (status !== undefined && !REQUEST_STATUS.has(status)) issues.push(fhirIssue('error', 'code-invalid', `status "${status}" is not an R4 medicationrequest-status`, `${path}.status`));
  const intent = checkString(input['intent'], `${path}.intent`, issues, true);
  if (intent !== undefined && !REQUEST_INTENT.has(intent)) issues.push(fhirIssue('error', 'code-invalid', `intent "${intent}" is not an R4 medicationrequest-intent`, `${path}.intent`));
  if (input['medicationCodeableConcept'] === undefined) {
    issues.push(fhirIssue('error', input['medicationReference'] === undefined ? 'required' : 'not-supported', 'medicationCodeableConcept is required (medicationReference is not supported)', `${path}.medicationCodeableConcept`));
  } else checkCodeableConcept(input['medicationCodeableConcept'], `${path}.medicationCodeableConcept`, issues, true);
  checkReference(input['subject'], `${path}.subject`, issues, true);
  if (input['authoredOn'] !== undefined) checkDateTime(input['authoredOn'], `${path}.authoredOn`, issues);
  // the dosage is read only for a drug the twin schedules: other drugs are accepted as sent
  const codings = isRecord(input['medicationCodeableConcept']) && Array.isArray(input['medicationCodeableConcept']['coding']) ? (input['medicationCodeableConcept']['coding'] as unknown[]) : [];
  const modelled = codings.some((c) => isRecord(c) && DRUG_TABLE[atcOfDrug(c as Coding) ?? ''] !== undefined);
  const instructions = !modelled || input['dosageInstruction'] === undefined ? undefined : checkArray(input['dosageInstruction'], `${path}.dosageInstruction`, issues);
  const first = instructions?.[0];
  if (first !== undefined) checkDosage(first, `${path}.dosageInstruction[0]`, issues);
  if (modelled && !hasBlockingIssue(issues)) {
    const schedule = scheduleOf(input as unknown as MedicationRequest);
    if (schedule !== undefined && 'field' in schedule) issues.push(fhirIssue('error', 'value', schedule.message, `${path}.${schedule.field}`));
  }
  return hasBlockingIssue(issues) ? { ok: false, issues } : { ok: true, value: input as unknown as MedicationRequest, issues };
}

function checkDosage(value: unknown, path: string, issues: Issues): void {
  const dosage = checkObject(value, path, issues);
  if (dosage === undefined) return;
  const timing = dosage['timing'] === undefined ? undefined : checkObject(dosage['timing'], `${path}.timing`, issues);
  const repeat = timing?.['repeat'] === undefined ? undefined : checkObject(timing['repeat'], `${path}.timing.repeat`, issues);
  if (repeat !== undefined) {
    for (const key of ['frequency', 'period'] as const) {
      const v = repeat[key];
      if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) issues.push(fhirIssue('error', 'value', `${key} must be a positive number`, `${path}.timing.repeat.${key}`));
    }
    const bounds = repeat['boundsPeriod'] === undefined ? undefined : checkObject(repeat['boundsPeriod'], `${path}.timing.repeat.boundsPeriod`, issues);
    for (const key of ['start', 'end'] as const) if (bounds?.[key] !== undefined) checkDateTime(bounds[key], `${path}.timing.repeat.boundsPeriod.${key}`, issues);
  }
  const rates = dosage['doseAndRate'] === undefined ? undefined : checkArray(dosage['doseAndRate'], `${path}.doseAndRate`, issues);
  const rate = rates?.[0] === undefined ? undefined : checkObject(rates[0], `${path}.doseAndRate[0]`, issues);
  const dose = rate?.['doseQuantity'] === undefined ? undefined : checkObject(rate['doseQuantity'], `${path}.doseAndRate[0].doseQuantity`, issues);
  // a dose without a unit counts tablets (UCUM's default unit 1), as EHRs write "1" of a clinical drug
  if (dose !== undefined && !(typeof dose['value'] === 'number' && dose['value'] > 0)) issues.push(fhirIssue('error', 'value', 'value must be a positive number', `${path}.doseAndRate[0].doseQuantity.value`));
}

/**
 * The schedule a request prescribes; undefined when it prescribes none the twin follows (another drug, a proposal, a
 * stopped request); `{ field, message }` when its schedule is impossible (the path below the resource).
 */
export function scheduleOf(request: MedicationRequest): PrescribedSchedule | { readonly field: string; readonly message: string } | undefined {
  if (!SCHEDULED_STATUS.has(request.status) || !SCHEDULED_INTENT.has(request.intent)) return undefined;
  const codings = (request.medicationCodeableConcept?.coding ?? []).filter((c) => c.system !== undefined && c.code !== undefined);
  const coding = codings.find((c) => atcOfDrug(c) !== undefined && DRUG_TABLE[atcOfDrug(c)!] !== undefined);
  if (coding === undefined) return undefined;
  const atc = atcOfDrug(coding)!;
  const strength = coding.system === RXNORM_SYSTEM ? RXNORM_STRENGTH_MG[coding.code!] : undefined;
  const dosage = request.dosageInstruction?.[0];
  const base = 'dosageInstruction[0]';
  const mg = doseMg(atc, dosage?.doseAndRate?.[0]?.doseQuantity, strength);
  if (typeof mg !== 'number') return { field: `${base}.doseAndRate[0].doseQuantity`, message: mg.message };
  const repeat: TimingRepeat = dosage?.timing?.repeat ?? {};
  const periodMin = PERIOD_MIN[repeat.periodUnit ?? 'd'];
  if (periodMin === undefined) return { field: `${base}.timing.repeat.periodUnit`, message: `periodUnit must be h, d or wk, got "${repeat.periodUnit}"` };
  const everyMin = ((repeat.period ?? 1) * periodMin) / (repeat.frequency ?? 1);
  if (everyMin < EVERY_MIN_RANGE[0] || everyMin > EVERY_MIN_RANGE[1]) {
    return { field: `${base}.timing.repeat`, message: `a dose every ${everyMin} min is outside a tablet schedule (hourly to weekly)` };
  }
  const startText = repeat.boundsPeriod?.start ?? request.authoredOn;
  if (startText === undefined) return { field: `${base}.timing.repeat.boundsPeriod.start`, message: 'the schedule needs a start: timing.repeat.boundsPeriod.start or authoredOn' };
  const start = parseFhirDateTime(startText);
  if (!start.ok) return { field: `${base}.timing.repeat.boundsPeriod.start`, message: start.message };
  const endText = repeat.boundsPeriod?.end;
  if (endText === undefined) return { atc, coding, mg, everyMin, startIso: start.iso };
  const end = parseFhirDateTime(endText);
  if (!end.ok) return { field: `${base}.timing.repeat.boundsPeriod.end`, message: end.message };
  if (!(Date.parse(end.iso) > Date.parse(start.iso))) return { field: `${base}.timing.repeat.boundsPeriod.end`, message: 'boundsPeriod.end must be after its start' };
  return { atc, coding, mg, everyMin, startIso: start.iso, endIso: end.iso };
}

/** One dose in mg: a mass, a count of tablets of known strength, or (no dose given) one tablet of known strength. */
function doseMg(atc: string, quantity: Quantity | undefined, strength: number | undefined): number | { readonly message: string } {
  const name = DRUG_TABLE[atc]!.name;
  if (quantity?.value === undefined) return strength ?? { message: `a dose of ${name} is needed: the product's strength is not known` };
  const unit = quantity.code ?? quantity.unit ?? '';
  if (TABLET_UNITS.has(unit)) {
    if (strength === undefined) return { message: `a dose of ${name} in tablets needs a clinical drug of known strength; give the dose in mg` };
    const checked = checkDrugDose(atc, quantity.value * strength, 'mg');
    return checked.ok ? checked.mg : { message: checked.message };
  }
  const checked = checkDrugDose(atc, quantity.value, unit);
  return checked.ok ? checked.mg : { message: checked.message };
}

/** A validated MedicationRequest → one `medication` record carrying its schedule, or none (see scheduleOf). */
export function normaliseMedicationRequest(request: MedicationRequest, ctx: { readonly patientId: string; readonly receivedAt: Date; readonly source: string }): CanonicalObservation[] {
  const schedule = scheduleOf(request);
  if (schedule === undefined || 'field' in schedule) return [];
  const { id: _id, meta: _meta, subject: _subject, ...content } = request;
  const identity = request.id !== undefined
    ? `MedicationRequest/${request.id}/_history/${request.meta?.versionId ?? '1'}`
    : `MedicationRequest/#${canonicalJsonHash({ content, patientId: ctx.patientId })}`;
  return [
    {
      eventId: deterministicUuid(`${identity}#schedule`),
      patientId: ctx.patientId,
      codeSystem: schedule.coding.system!,
      code: schedule.coding.code!,
      ...(schedule.coding.display !== undefined ? { display: schedule.coding.display } : {}),
      value: { kind: 'quantity', value: schedule.mg, unit: 'mg' },
      effectiveTime: schedule.startIso,
      receivedTime: ctx.receivedAt.toISOString(),
      source: ctx.source,
      modality: 'medication',
      sourceResource: identity,
      schedule: { everyMin: schedule.everyMin, ...(schedule.endIso !== undefined ? { endTime: schedule.endIso } : {}) },
    },
  ];
}
