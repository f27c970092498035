import type { Permission } from './permission';

export enum AccessErrorCode {
  /** No credential, or one that matches no principal: HTTP 401. */
  Unauthenticated = 'UNAUTHENTICATED',
  /** The principal's role does not grant the permission: HTTP 403. */
  PermissionNotGranted = 'PERMISSION_NOT_GRANTED',
  /** The permission is granted but not for this patient: HTTP 403. */
  PatientNotInScope = 'PATIENT_NOT_IN_SCOPE',
  /** A `/v1/me` route called by a principal that is not one patient: HTTP 403. */
  NotAPatient = 'NOT_A_PATIENT',
}

/**
 * Typed denial, mapped at the edge (401/403, an OperationOutcome over FHIR). The message names the permission
 * and, for batches, the position (`entry[3]`), never the patient id or the credential.
 */
export class AccessDeniedError extends Error {
  constructor(
    readonly code: AccessErrorCode,
    readonly permission?: Permission,
    /** Where in a batch request the denied item is, e.g. `[2].patient_id` or `Bundle.entry[4]`. */
    readonly location?: string,
    /** The patient asked for, for the audit trail only: never in the message, never sent. */
    readonly patientId?: string,
  ) {
    super(describe(code, permission, location));
    this.name = 'AccessDeniedError';
  }
}

function describe(code: AccessErrorCode, permission?: Permission, location?: string): string {
  const at = location === undefined ? '' : `${location}: `;
  switch (code) {
    case AccessErrorCode.Unauthenticated:
      return 'a valid bearer token is required';
    case AccessErrorCode.PermissionNotGranted:
      return `${at}permission ${permission ?? '?'} is not granted to this principal's role`;
    case AccessErrorCode.PatientNotInScope:
      return `${at}permission ${permission ?? '?'} is not granted for this patient`;
    case AccessErrorCode.NotAPatient:
      return '/v1/me is for a patient\'s own token: this principal is not one patient';
  }
}
