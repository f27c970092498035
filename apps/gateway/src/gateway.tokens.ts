import type { PatientIdentifier } from '@shuji/fhir';

/** Injection tokens of what the gateway needs from outside: the wiring (platform or gateway main) binds them. */
export const OBSERVATION_READER = Symbol('OBSERVATION_READER');
export const PATIENT_DIRECTORY = Symbol('PATIENT_DIRECTORY');
export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');

export interface ObservationSearch {
  readonly patientId: string;
  readonly code?: string;
  readonly codeSystem?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit?: number;
}

/** Read side of the observation store (CanonicalObservation-shaped records). */
export interface ObservationReader<R> {
  search(query: ObservationSearch, actor: string): Promise<readonly R[]>;
  /** The given records whose key (patient, source, event id) is stored with another value. */
  findConflicts(records: readonly R[]): Promise<readonly R[]>;
}

/** Patients created by earlier requests, looked up by identifier (conditional references). */
export interface PatientDirectory {
  /** `actor`: the principal's id, recorded in the audit log. */
  findByIdentifiers(identifiers: readonly PatientIdentifier[], actor: string): Promise<ReadonlyMap<string, string>>;
}

export interface GatewayOptions {
  /** SHUJI_PUBLIC_URL: the base of absolute links in responses; unset: the server's bound address. */
  readonly publicUrl?: string;
}
