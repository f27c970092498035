/**
 * An observation as the store keeps it. Structurally the same as `CanonicalObservation` of `@shuji/fhir` (and the
 * `ObservationRecorded` event), declared here so persistence depends on no input format.
 */
export type StoredValue =
  | { readonly kind: 'quantity'; readonly value: number; readonly unit: string }
  | { readonly kind: 'coded'; readonly system: string; readonly code: string; readonly display?: string }
  | { readonly kind: 'text'; readonly text: string };

export type StoredModality = 'vital' | 'lab' | 'cgm' | 'wearable' | 'medication' | 'meal' | 'activity' | 'note' | 'genomic';

export interface StoredObservation {
  readonly eventId: string;
  readonly patientId: string;
  readonly codeSystem: string;
  readonly code: string;
  readonly display?: string;
  readonly value: StoredValue;
  /** ISO 8601 instants. */
  readonly effectiveTime: string;
  readonly receivedTime: string;
  readonly source: string;
  readonly modality: StoredModality;
  readonly sourceResource?: string;
}

/** A range read: one patient, optionally one code (and system), effective time in [from, to). */
export interface ObservationRangeQuery {
  readonly patientId: string;
  readonly code?: string;
  readonly codeSystem?: string;
  readonly from?: string | Date;
  readonly to?: string | Date;
  /** Default 1000, at most 10 000. */
  readonly limit?: number;
}

/** Who reads personal data and why; every read method of a repository writes it to the audit log. */
export interface AuditContext {
  readonly actor: string;
  readonly action: string;
}

/** One patient of a clinician's panel: data freshness and the latest values the risk flags read. */
export interface PanelRow {
  readonly patientId: string;
  readonly lastObservation: Date;
  readonly observations: number;
  /** CGM readings (99504-3) since the window's start, and how many of them were below 70 and 54 mg/dL. */
  readonly cgmReadings: number;
  readonly cgmBelow70: number;
  readonly cgmBelow54: number;
  readonly lastSystolic: number | null;
  readonly lastInr: number | null;
  readonly lastWeight: number | null;
}
