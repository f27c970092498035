import type { PatientIdentifier } from '@shuji/fhir';
import type { PanelRow } from '@shuji/persistence';

/** Injection tokens of what the gateway needs from outside: the wiring (platform or gateway main) binds them. */
export const OBSERVATION_READER = Symbol('OBSERVATION_READER');
export const PATIENT_DIRECTORY = Symbol('PATIENT_DIRECTORY');
export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');
export const ACCESS_LOG = Symbol('ACCESS_LOG');

export interface ObservationSearch {
  readonly patientId: string;
  readonly code?: string;
  readonly codeSystem?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit?: number;
}

/** One patient of a panel: data freshness and the latest values risk flags read. */
export type PanelEntry = PanelRow;

/** Read side of the observation store (CanonicalObservation-shaped records). */
export interface ObservationReader<R> {
  search(query: ObservationSearch, actor: string): Promise<readonly R[]>;
  /** The panel of the patients in scope ('*': all), CGM counted since `since`; audited per patient listed. */
  panel(patients: readonly string[] | '*', since: Date, actor: string): Promise<readonly PanelEntry[]>;
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

/** One access to a person's data, as the person sees it in their access log. */
export interface AccessLogEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  readonly outcome?: string;
}

/** Who accessed a person's data (the audit trail, newest first); reading it is itself audited. */
export interface AccessLog {
  forPatient(patientId: string, limit: number, actor: string): Promise<readonly AccessLogEntry[]>;
  /** Records a change a person made to their own record (e.g. a consent). */
  record(actor: string, patientId: string, action: string, resource: string): Promise<void>;
}
