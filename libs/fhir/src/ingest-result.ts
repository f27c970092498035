import type { CanonicalObservation, PatientIndex, PatientRecord } from './canonical-observation';
import type { Bundle, OperationOutcome, OperationOutcomeIssue } from './fhir-types';

/** What every ingest entry point needs from its caller. */
export interface IngestOptions {
  /** When the request arrived; becomes `receivedTime`. */
  readonly receivedAt: Date;
  /** Default `source` of the records, e.g. `fhir` or `device`. */
  readonly source?: string;
  /** Patients created by earlier requests, for conditional references and `ifNoneExist`. */
  readonly patientIndex?: PatientIndex;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T; readonly issues: readonly OperationOutcomeIssue[] }
  | { readonly ok: false; readonly issues: readonly OperationOutcomeIssue[] };

/**
 * `rejected`: nothing is to be stored; answer `status` with `outcome` (a malformed bundle, or any invalid entry
 * of a transaction). `processed`: store `patients` and `observations`, answer 200 with `response` (a
 * transaction-response or batch-response Bundle; in a batch, failed entries carry their own 4xx and outcome).
 */
export type BundleIngestResult =
  | { readonly kind: 'rejected'; readonly status: 400 | 409 | 422; readonly outcome: OperationOutcome }
  | {
      readonly kind: 'processed';
      readonly bundleType: 'transaction' | 'batch';
      readonly observations: readonly CanonicalObservation[];
      readonly patients: readonly PatientRecord[];
      readonly response: Bundle;
    };

/** A single `POST /fhir/Observation`. */
export type ObservationIngestResult =
  | { readonly kind: 'rejected'; readonly status: 400 | 409 | 422; readonly outcome: OperationOutcome }
  | {
      readonly kind: 'processed';
      readonly observations: readonly CanonicalObservation[];
      /** Where the resource lives, e.g. `Observation/abc/_history/1`. */
      readonly location: string;
      readonly outcome: OperationOutcome;
    };

/** One error of the compact device format: `index` of the item, `field` name, human message. */
export interface DeviceFieldError {
  readonly index: number;
  readonly field: string;
  readonly message: string;
}

export type DeviceIngestResult =
  | { readonly ok: true; readonly observations: readonly CanonicalObservation[] }
  | { readonly ok: false; readonly errors: readonly DeviceFieldError[] };
