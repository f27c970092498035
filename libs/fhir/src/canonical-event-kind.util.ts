import { LOINC_SYSTEM, type CanonicalObservation } from './canonical-observation';
import { Loinc } from '@shuji/contracts';

/** LOINC 9059-7 "Carbohydrate intake Estimated", in g: what a meal log records. */
export const CARBOHYDRATE_INTAKE_LOINC = Loinc.carbohydrateIntake.code;
/** A sanity bound (a slip of kg for g, or a day's log sent as one meal), not a dietary limit. */
export const CARBOHYDRATE_MAX_G = 1000;

/** Why a meal's carbohydrate (in g) is refused, or undefined when it is within 0–CARBOHYDRATE_MAX_G g. */
export function carbohydrateBoundError(grams: number): string | undefined {
  return grams >= 0 && grams <= CARBOHYDRATE_MAX_G ? undefined : `a meal's carbohydrate must be 0-${CARBOHYDRATE_MAX_G} g, got ${grams} g`;
}

export type CanonicalEventKind = 'meal' | 'medication' | 'medication-schedule' | 'observation';

/**
 * Which event a canonical record is published as: a carbohydrate intake is a meal (MealLogged), a dose is a
 * medication (MedicationAdministered), a prescribed schedule a medication-schedule (MedicationScheduled), anything
 * else an observation (ObservationRecorded). One record is one
 * event, so no consumer sees a meal or a dose twice under two ids.
 */
export function canonicalEventKind(record: Pick<CanonicalObservation, 'codeSystem' | 'code' | 'modality' | 'value' | 'schedule'>): CanonicalEventKind {
  if (record.value.kind !== 'quantity') return 'observation';
  if (record.schedule !== undefined) return 'medication-schedule';
  if (record.codeSystem === LOINC_SYSTEM && record.code === CARBOHYDRATE_INTAKE_LOINC && record.value.unit === 'g') return 'meal';
  if (record.modality === 'medication') return 'medication';
  return 'observation';
}
