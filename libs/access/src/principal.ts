import type { Permission } from './permission';

/** Who calls: every request that touches a person's data acts as one principal. */
export enum Role {
  Patient = 'patient',
  Clinician = 'clinician',
  Device = 'device',
  Service = 'service',
  Admin = 'admin',
}

/** `*`: every patient (admins, platform services); else the listed patient ids only. */
export type PatientScope = '*' | readonly string[];

export interface Principal {
  /** Stable, non-personal id (e.g. `clinician:ward-3`); recorded as the audit actor. */
  readonly id: string;
  readonly role: Role;
  /** A patient principal holds exactly its own id. */
  readonly patients: PatientScope;
  /** Granted by an access token's scopes (OpenID Connect, SMART): the role's grants are narrowed to these. Unset: the role's. */
  readonly permissions?: ReadonlySet<Permission>;
}

/** The platform acting for itself (demo cohort loading at start), never reachable over HTTP. */
export const SYSTEM_PRINCIPAL: Principal = Object.freeze({ id: 'system', role: Role.Service, patients: '*' });
