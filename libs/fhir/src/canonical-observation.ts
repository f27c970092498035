/**
 * The canonical observation record every input format (FHIR Observation, FHIR MedicationAdministration, the
 * compact device format) is normalised into. Field for field it matches the `ObservationRecorded` event of
 * `@shuji/contracts`, so the ingest consumer maps it without further logic.
 */

export const MODALITIES = ['vital', 'lab', 'cgm', 'wearable', 'medication', 'meal', 'activity', 'note', 'genomic'] as const;
export type Modality = (typeof MODALITIES)[number];

export const LOINC_SYSTEM = 'http://loinc.org';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

export type ObservationValue =
  /** A number in `unit` (UCUM), already converted to the code's canonical unit when the code is known. */
  | { readonly kind: 'quantity'; readonly value: number; readonly unit: string }
  /** A coded answer, e.g. SNOMED 8517006 "Former smoker". */
  | { readonly kind: 'coded'; readonly system: string; readonly code: string; readonly display?: string }
  /** Free text (FHIR valueString): kept, never interpreted. */
  | { readonly kind: 'text'; readonly text: string };

export interface CanonicalObservation {
  /** Deterministic: the same source resource or device reading always yields the same id (dedupe key). */
  readonly eventId: string;
  readonly patientId: string;
  readonly codeSystem: string;
  readonly code: string;
  readonly display?: string;
  readonly value: ObservationValue;
  /** ISO 8601 instant in UTC (`…Z`). */
  readonly effectiveTime: string;
  /** ISO 8601 instant in UTC when Shuji received it. */
  readonly receivedTime: string;
  /** Who sent it: e.g. `fhir`, `device:dexcom-g7`. */
  readonly source: string;
  readonly modality: Modality;
  /** For FHIR input, `Observation/<id>/_history/<version>` (or `Observation/#<hash>` without id). */
  readonly sourceResource?: string;
  /**
   * A prescribed schedule (from a MedicationRequest): the dose in `value` every `everyMin` minutes from
   * `effectiveTime` until `endTime` (open when absent). Its doses are planned, not recorded as taken.
   */
  readonly schedule?: { readonly everyMin: number; readonly endTime?: string };
}

export interface PatientIdentifier {
  readonly system: string;
  readonly value: string;
}

/** A patient seen in a bundle: the stable id Shuji uses and the identifiers to find it by later. */
export interface PatientRecord {
  readonly id: string;
  readonly identifiers: readonly PatientIdentifier[];
}

/** Looks up patients that earlier requests created (conditional references, `ifNoneExist`). Pure: the caller pre-loads it. */
export interface PatientIndex {
  findByIdentifier(system: string, value: string): string | undefined;
}

export const EMPTY_PATIENT_INDEX: PatientIndex = { findByIdentifier: () => undefined };

/** A PatientIndex over resolved identifiers keyed "system|value" (the gateway and the ingest consumer build the same). */
export function patientIndexFrom(resolved: ReadonlyMap<string, string>): PatientIndex {
  return { findByIdentifier: (system, value) => resolved.get(`${system}|${value}`) };
}
