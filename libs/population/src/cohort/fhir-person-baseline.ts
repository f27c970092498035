/**
 * A person's initial state for the weight + BP program, estimated from their FHIR R4 history (a Synthea-style
 * transaction bundle or the resources of one patient from an ndjson bulk export): sex and age from Patient, the
 * latest body weight and height, systolic pressure as the mean of the latest (up to) three readings (a single
 * office reading over-reads; averaging several is what NICE NG136 §1.2 and the AHA/ACC 2017 guideline ask for),
 * active hypertension and diabetes conditions, and whether an antihypertensive is currently prescribed.
 *
 * LOINC codes are written here because @shuji/population may import only models and stats (the layering table);
 * they are the ones @shuji/contracts' Loinc names: body weight 29463-7, height 8302-2, systolic 8480-6, in the
 * panels 85354-9 (current) or 55284-4 (older Synthea). Conditions: SNOMED CT 38341003 (hypertensive disorder),
 * 44054006 (type 2 diabetes), 46635009 (type 1 diabetes), or their display text. The antihypertensive list is
 * the first-line classes of NICE NG136 (ACE inhibitors, ARBs, calcium-channel blockers, thiazide-like diuretics)
 * plus beta blockers, matched on the ingredient name in the medication's text or display.
 */
import { fnv1a32 } from '@shuji/stats';
import type { AdultGivenPerson } from '../scenario/population-scenario';

const WEIGHT = '29463-7';
const HEIGHT = '8302-2';
const SYSTOLIC = '8480-6';
const BP_PANELS = ['85354-9', '55284-4'];
const SBP_READINGS = 3;
const HYPERTENSION_CODES = ['38341003', '59621000'];
const DIABETES_CODES = ['44054006', '46635009', '73211009'];
const ANTIHYPERTENSIVE =
  /(amlodipine|nifedipine|felodipine|lercanidipine|diltiazem|verapamil|lisinopril|enalapril|ramipril|captopril|perindopril|losartan|valsartan|candesartan|irbesartan|olmesartan|telmisartan|hydrochlorothiazide|chlorthalidone|indapamide|metoprolol|atenolol|bisoprolol|carvedilol|propranolol)/i;
const ACTIVE_MEDICATION = ['active', 'completed-ongoing', 'intended', 'on-hold'];

/** The few FHIR R4 fields read here, structurally. */
interface Coding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
}
interface CodeableConcept {
  readonly coding?: readonly Coding[];
  readonly text?: string;
}
interface Quantity {
  readonly value?: number;
  readonly unit?: string;
  readonly code?: string;
}
export interface FhirResource {
  readonly resourceType: string;
  readonly id?: string;
  readonly [field: string]: unknown;
}

/** What the weight + BP program needs of a real person, and what else the history says (snake_case: it travels in the scenario JSON). */
export interface PersonBaseline extends AdultGivenPerson {
  readonly hypertension: boolean;
  readonly diabetes: boolean;
  readonly on_antihypertensive: boolean;
}

/** Why a person could not be mapped (no personal data: the pseudonymous ref only). */
export interface SkippedPerson {
  readonly ref: string;
  readonly reason: string;
}

const codes = (c: unknown): readonly Coding[] => ((c as CodeableConcept | undefined)?.coding ?? []).filter((x) => typeof x === 'object' && x !== null);
const hasCode = (c: unknown, wanted: readonly string[]): boolean => codes(c).some((x) => x.code !== undefined && wanted.includes(x.code));
const textOf = (c: unknown): string => [(c as CodeableConcept | undefined)?.text ?? '', ...codes(c).map((x) => x.display ?? '')].join(' ');
const timeOf = (r: FhirResource): number => {
  const t = r.effectiveDateTime ?? (r.effectivePeriod as { start?: string } | undefined)?.start ?? r.issued;
  return typeof t === 'string' ? Date.parse(t) : NaN;
};

/** kg from a weight quantity (kg, g, [lb_av]); NaN when the unit is unknown. */
function kilograms(q: Quantity): number {
  const unit = q.code ?? q.unit;
  const v = q.value ?? NaN;
  return unit === 'kg' ? v : unit === 'g' ? v / 1000 : unit === '[lb_av]' || unit === 'lb' ? v * 0.45359237 : NaN;
}
/** cm from a height quantity (cm, m, [in_i]). */
function centimetres(q: Quantity): number {
  const unit = q.code ?? q.unit;
  const v = q.value ?? NaN;
  return unit === 'cm' ? v : unit === 'm' ? v * 100 : unit === '[in_i]' || unit === 'in' ? v * 2.54 : NaN;
}
/** mmHg from a pressure quantity. */
function mmHg(q: Quantity): number {
  const unit = q.code ?? q.unit;
  return unit === 'mm[Hg]' || unit === 'mmHg' ? (q.value ?? NaN) : NaN;
}

/** Whole years from birth date to `at` (ms). */
function ageYears(birthDate: string, at: number): number {
  const birth = new Date(birthDate);
  const now = new Date(at);
  let years = now.getUTCFullYear() - birth.getUTCFullYear();
  if (now.getUTCMonth() < birth.getUTCMonth() || (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate())) years--;
  return years;
}

/** Latest-first readings of one quantity: [time, value]. */
function readings(observations: readonly FhirResource[], code: string, convert: (q: Quantity) => number): [number, number][] {
  const out: [number, number][] = [];
  for (const o of observations) {
    const t = timeOf(o);
    if (hasCode(o.code, [code]) && o.valueQuantity !== undefined) out.push([t, convert(o.valueQuantity as Quantity)]);
    if (hasCode(o.code, BP_PANELS) || code === SYSTOLIC) {
      for (const c of (o.component as { code?: unknown; valueQuantity?: Quantity }[] | undefined) ?? []) {
        if (hasCode(c.code, [code]) && c.valueQuantity !== undefined) out.push([t, convert(c.valueQuantity)]);
      }
    }
  }
  return out.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v)).sort((a, b) => b[0] - a[0]);
}

/** One patient's resources → their baseline, or why not (an adult with weight, height and a BP reading is needed). */
export function personBaselineFromFhir(resources: readonly FhirResource[]): PersonBaseline | SkippedPerson {
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const ref = `fhir#${fnv1a32(String(patient?.id ?? '')).toString(16).padStart(8, '0')}`;
  if (patient === undefined) return { ref, reason: 'no Patient resource' };
  if (typeof patient.deceasedDateTime === 'string' || patient.deceasedBoolean === true) return { ref, reason: 'deceased' };
  const male = patient.gender === 'male' ? 1 : patient.gender === 'female' ? 0 : undefined;
  if (male === undefined) return { ref, reason: 'sex not recorded as male or female (the body-weight model needs one)' };
  if (typeof patient.birthDate !== 'string') return { ref, reason: 'no birth date' };

  const observations = resources.filter((r) => r.resourceType === 'Observation' && r.status !== 'entered-in-error' && r.status !== 'cancelled');
  const weight = readings(observations, WEIGHT, kilograms);
  const height = readings(observations, HEIGHT, centimetres);
  const sbp = readings(observations, SYSTOLIC, mmHg);
  if (weight.length === 0) return { ref, reason: 'no body weight' };
  if (height.length === 0) return { ref, reason: 'no body height' };
  if (sbp.length === 0) return { ref, reason: 'no systolic blood pressure' };
  const asOf = weight[0][0];
  const age = ageYears(patient.birthDate, asOf);
  if (!(age >= 18)) return { ref, reason: `age ${age} at the latest weight: the program simulates adults` };
  const recent = sbp.slice(0, SBP_READINGS);

  const conditions = resources.filter(
    (r) =>
      r.resourceType === 'Condition' &&
      r.abatementDateTime === undefined &&
      !hasCode(r.clinicalStatus, ['resolved', 'inactive', 'remission']) &&
      !hasCode(r.verificationStatus, ['refuted', 'entered-in-error']),
  );
  const hasCondition = (snomed: readonly string[], words: RegExp) => conditions.some((c) => hasCode(c.code, snomed) || words.test(textOf(c.code)));
  const onAntihypertensive = resources.some(
    (r) =>
      (r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement') &&
      typeof r.status === 'string' &&
      ACTIVE_MEDICATION.includes(r.status) &&
      ANTIHYPERTENSIVE.test(textOf(r.medicationCodeableConcept)),
  );
  return {
    ref,
    age_years: age,
    male,
    height_cm: height[0][1],
    weight_kg: weight[0][1],
    sbp_mmhg: recent.reduce((sum, [, v]) => sum + v, 0) / recent.length,
    hypertension: hasCondition(HYPERTENSION_CODES, /hypertensi/i),
    diabetes: hasCondition(DIABETES_CODES, /diabetes/i),
    on_antihypertensive: onAntihypertensive,
  };
}

export const isSkipped = (x: PersonBaseline | SkippedPerson): x is SkippedPerson => 'reason' in x;
