/**
 * Cards for drafted warfarin and amlodipine orders (CDS Hooks order-select / order-sign).
 *
 * Warfarin: the inputs of the model-based calculator (Hamberg 2007 model, ../warfarin) read from the prefetch:
 * age from Patient.birthDate, height (LOINC 8302-2) and weight (29463-7) from the latest observations, CYP2C9 and
 * VKORC1 from genotype observations (84413-4), amiodarone (ATC C01BD01) and the enzyme inducers rifampicin
 * (J04AB02), carbamazepine (N03AF01) and phenytoin (N03AB02) from active medications and draft orders (the
 * interactions the calculator models); the card compares the ordered weekly dose with the model's 80 % interval
 * and suggests the model's dose rounded to 0.5 mg a day. Amlodipine: the labelled maximum of 10 mg once daily
 * (Norvasc prescribing information, Pfizer), a critical card above it with the maximum as the suggestion.
 */
import { readGenotype } from '@shuji/fhir';
import type { WarfarinDoseResult } from '../warfarin/warfarin-dose.calculator';
import { cardSummary, type CdsCard, type CdsHookRequest } from './cds-hooks.types';
import { CDS_SOURCE, OVERRIDE_REASONS } from './cds-services';
import { AMLODIPINE_ATC, takesDrug, type DraftMedicationOrder } from './draft-orders';
import { codingsOf, num, objectOf, resourcesOf, str, type FhirResource } from './fhir-prefetch.util';

const HAMBERG_URL = 'https://doi.org/10.1038/sj.clpt.6100084';
export const AMLODIPINE_MAX_MG_PER_DAY = 10;

export type WarfarinInputs = { readonly ok: true; readonly inputs: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly missing: readonly string[] };

function latestQuantity(resources: readonly FhirResource[], loinc: string, unit: string): number | undefined {
  const matching = resources
    .filter((r) => r.resourceType === 'Observation' && codingsOf(r.code).some((c) => c.code === loinc))
    .map((r) => ({ at: str(r.effectiveDateTime) ?? '', q: objectOf(r.valueQuantity) }))
    .filter((o) => num(o.q?.value) !== undefined && (str(o.q?.code) ?? str(o.q?.unit)) === unit)
    .sort((a, b) => (a.at < b.at ? 1 : -1));
  return num(matching[0]?.q?.value);
}

function genotype(resources: readonly FhirResource[], gene: string): string | undefined {
  for (const r of resources) {
    const text = str(r.valueString) ?? codingsOf(r.valueCodeableConcept).map((c) => c.code ?? c.display).find((t) => t !== undefined);
    const read = text === undefined ? undefined : readGenotype(text);
    if (read?.ok === true && read.gene === gene) return read.result;
  }
  return undefined;
}

/** The warfarin calculator's inputs from the hook's prefetch, or the fields that are missing. */
export function warfarinInputsFromHook(request: CdsHookRequest, today: string): WarfarinInputs {
  const patient = resourcesOf(request.prefetch.patient).find((r) => r.resourceType === 'Patient');
  const observations = [...resourcesOf(request.prefetch.observations), ...resourcesOf(request.prefetch.genotypes)];
  const birth = str(patient?.birthDate);
  const age = birth === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(birth) ? undefined : wholeYears(birth, today);
  const height = latestQuantity(observations, '8302-2', 'cm');
  const weight = latestQuantity(observations, '29463-7', 'kg');
  const missing = [age === undefined ? 'prefetch.patient.birthDate' : '', height === undefined ? 'prefetch.observations (body height 8302-2, cm)' : '', weight === undefined ? 'prefetch.observations (body weight 29463-7, kg)' : ''].filter((m) => m !== '');
  if (missing.length > 0) return { ok: false, missing };
  const vkorc1 = genotype(observations, 'VKORC1');
  return {
    ok: true,
    inputs: {
      age_years: age,
      height_cm: height,
      weight_kg: weight,
      cyp2c9: genotype(observations, 'CYP2C9') ?? null,
      vkorc1_1639: vkorc1 === undefined ? null : `${vkorc1[0]}/${vkorc1[1]}`.replace('G/A', 'A/G'),
      amiodarone: takesDrug(request, ['C01BD01'], /amiodarone/i),
      enzyme_inducer: takesDrug(request, ['J04AB02', 'N03AF01', 'N03AB02'], /rifampi|carbamazepine|phenytoin/i),
      target_inr: 2.5,
    },
  };
}

function wholeYears(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function withDailyDose(order: FhirResource, mg: number): FhirResource {
  const dosage = Array.isArray(order.dosageInstruction) ? order.dosageInstruction : [{}];
  const first = objectOf(dosage[0]) ?? {};
  return {
    ...order,
    dosageInstruction: [
      { ...first, timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] },
      ...dosage.slice(1),
    ],
  };
}

/** One suggestion, to update the order to `mg` once daily, with the override reasons offered. */
function changeDoseSuggestion(order: FhirResource, mg: number, isRecommended: boolean, newId: () => string): Pick<CdsCard, 'suggestions' | 'selectionBehavior' | 'overrideReasons'> {
  const label = `Change to ${mg} mg once daily`;
  return {
    suggestions: [{ label, uuid: newId(), isRecommended, actions: [{ type: 'update', description: label, resource: withDailyDose(order, mg) }] }],
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS,
  };
}

/** The card of a drafted warfarin order, given the stored recommendation (its id is the card's uuid). */
export function warfarinOrderCard(order: DraftMedicationOrder, recommendation: { readonly id: string; readonly output: WarfarinDoseResult }, newId: () => string): CdsCard {
  const result = recommendation.output;
  const [lo, hi] = result.interval;
  const orderedWeekly = order.dailyMg === null ? null : Math.round(order.dailyMg * 70) / 10;
  const outside = orderedWeekly !== null && (orderedWeekly < lo || orderedWeekly > hi);
  const suggestedDaily = Math.max(0.5, Math.round((result.weekly_dose_mg / 7) * 2) / 2);
  const genes = result.rests_on.genotype_source;
  return {
    uuid: recommendation.id,
    summary: cardSummary(
      orderedWeekly === null
        ? `Warfarin: model dose ${result.weekly_dose_mg} mg/week (80 % range ${lo}–${hi})`
        : `Warfarin ${orderedWeekly} mg/week ordered; model dose ${result.weekly_dose_mg} (80 % range ${lo}–${hi})`,
    ),
    detail: `Dose that holds INR ${result.rests_on.target_inr} at steady state in the Hamberg 2007 warfarin model. Genotypes: ${genes}. ${result.rests_on.clearance_factors.map((f) => `${f.drug} clearance × ${f.factor}`).join('; ') || 'No interacting drug found'}. Nothing is changed unless you accept.`,
    indicator: outside ? 'warning' : 'info',
    source: { ...CDS_SOURCE, label: 'Shuji twin (Hamberg 2007 warfarin model)', url: HAMBERG_URL },
    ...changeDoseSuggestion(order.resource, suggestedDaily, outside, newId),
  };
}

/** The card of a warfarin order whose calculator inputs are not in the prefetch. */
export function warfarinMissingInputsCard(missing: readonly string[], newId: () => string): CdsCard {
  return {
    uuid: newId(),
    summary: 'Warfarin: no model-based dose, the record lacks what the calculator needs',
    detail: `Missing: ${missing.join('; ')}.`,
    indicator: 'info',
    source: { ...CDS_SOURCE, url: HAMBERG_URL },
  };
}

/** A card for a drafted amlodipine order above the labelled maximum, else none. */
export function amlodipineOrderCard(order: DraftMedicationOrder, newId: () => string): CdsCard | undefined {
  if (order.atc !== AMLODIPINE_ATC || order.dailyMg === null || order.dailyMg <= AMLODIPINE_MAX_MG_PER_DAY) return undefined;
  return {
    uuid: newId(),
    summary: cardSummary(`Amlodipine ${Math.round(order.dailyMg * 10) / 10} mg/day ordered: above the labelled maximum of ${AMLODIPINE_MAX_MG_PER_DAY} mg/day`),
    detail: 'Norvasc (amlodipine) prescribing information, Pfizer: the maximum dose is 10 mg once daily.',
    indicator: 'critical',
    source: { ...CDS_SOURCE, label: 'Norvasc prescribing information (Pfizer)' },
    ...changeDoseSuggestion(order.resource, AMLODIPINE_MAX_MG_PER_DAY, true, newId),
  };
}
