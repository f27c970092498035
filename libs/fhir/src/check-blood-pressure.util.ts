import { Loinc } from '@shuji/contracts';
import { LOINC_SYSTEM, type CanonicalObservation } from './canonical-observation';

/**
 * The index (in `records`) of a diastolic pressure at or above the systolic of the same measurement, with the reason;
 * undefined when there is none. One measurement: the same patient, time and source resource (a FHIR panel), or the
 * same patient, time and source (device items). A diastolic at or above the systolic is a swapped pair or a typo:
 * the pulse pressure of a beating heart is positive.
 */
export function bloodPressurePairError(records: readonly CanonicalObservation[]): { readonly index: number; readonly message: string } | undefined {
  const systolic = new Map<string, number>();
  const key = (r: CanonicalObservation): string => `${r.patientId}|${r.effectiveTime}|${r.sourceResource ?? r.source}`;
  const valueOf = (r: CanonicalObservation, code: string): number | undefined =>
    r.codeSystem === LOINC_SYSTEM && r.code === code && r.value.kind === 'quantity' ? r.value.value : undefined;
  for (const r of records) {
    const sys = valueOf(r, Loinc.systolicBp.code);
    if (sys !== undefined) systolic.set(key(r), sys);
  }
  for (const [index, r] of records.entries()) {
    const dia = valueOf(r, Loinc.diastolicBp.code);
    const sys = dia === undefined ? undefined : systolic.get(key(r));
    if (dia !== undefined && sys !== undefined && dia >= sys) {
      return { index, message: `diastolic ${dia} mm[Hg] must be below the systolic ${sys} mm[Hg] of the same measurement` };
    }
  }
  return undefined;
}
