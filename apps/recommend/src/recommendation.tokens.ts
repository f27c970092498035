import type { PanelFacts, TwinContext } from '@shuji/recommend';
import type { RecommendationRepository } from '@shuji/persistence';
import packageJson from '../../../package.json';

/** Where recommendations, decisions and CDS feedback are kept (@shuji/persistence's RecommendationRepository fits). */
export const RECOMMENDATION_STORE = Symbol('RecommendationStore');
export type RecommendationStore = Pick<RecommendationRepository, 'create' | 'get' | 'byPatient' | 'decide' | 'recordFeedback'>;

/** The facts the risk flags read for one patient (stored observations since `since`), or undefined with none. */
export const PANEL_FACTS = Symbol('PanelFacts');
export type PanelFactsReader = (patientId: string, since: Date, actor: string) => Promise<PanelFacts | undefined>;

/** The patient's twin as a recommendation rests on it (revision, component models), or null without one. */
export const TWIN_CONTEXT = Symbol('TwinContext');
export type TwinContextReader = (patientId: string) => Promise<TwinContext | null>;

/**
 * Whether Shuji knows a patient apart from a twin: a Patient resource or any stored observation (PatientRepository's
 * isKnown). Without a database only the twin counts.
 */
export const KNOWN_PATIENT = Symbol('KnownPatient');
export type KnownPatientReader = (patientId: string) => Promise<boolean>;

/** The code that computes recommendations, recorded in each one's provenance. */
export const CODE_VERSION = Symbol('CodeVersion');
export const DEFAULT_CODE_VERSION = `shuji@${packageJson.version}`;

/** The store is not bound (a process without a database): HTTP 503. */
export class RecommendationStoreUnavailableError extends Error {
  readonly code = 'RECOMMENDATION_STORE_UNAVAILABLE';
  constructor() {
    super('recommendations are stored in PostgreSQL, which this process does not have');
    this.name = 'RecommendationStoreUnavailableError';
  }
}

/** No recommendation with this id: HTTP 404. */
export class RecommendationNotFoundError extends Error {
  readonly code = 'RECOMMENDATION_NOT_FOUND';
  constructor() {
    super('no recommendation with this id');
    this.name = 'RecommendationNotFoundError';
  }
}

/** A recommendation for a patient Shuji does not know (no twin, no Patient resource, no observation): HTTP 422 naming the field. */
export class UnknownPatientError extends Error {
  readonly code = 'UNKNOWN_PATIENT';
  constructor(readonly field: string) {
    super(`${field}: no patient with this id is known (no twin, Patient resource or observation)`);
    this.name = 'UnknownPatientError';
  }
}

/** No CDS service with this id: HTTP 404. */
export class CdsServiceNotFoundError extends Error {
  readonly code = 'CDS_SERVICE_NOT_FOUND';
  constructor(id: string) {
    super(`no CDS service "${id}" (see GET /cds-services)`);
    this.name = 'CdsServiceNotFoundError';
  }
}
