import { AccessDeniedError, AccessErrorCode } from './access-denied.error';
import { ROLE_PERMISSIONS, type Permission } from './permission';
import { Role, type Principal } from './principal';

/**
 * The one access check (pattern of immich's `requireAccess`): the first line of every service method that
 * touches a person's data. Without `patientId` it checks the role only (e.g. before a batch is parsed); with
 * it, also that the patient is in the principal's scope. Throws AccessDeniedError (401 without a principal); narrows `principal` for the caller.
 */
export function requireAccess(principal: Principal | undefined, permission: Permission, patientId?: string, location?: string): asserts principal is Principal {
  if (principal === undefined) throw new AccessDeniedError(AccessErrorCode.Unauthenticated);
  if (!ROLE_PERMISSIONS[principal.role].has(permission) || principal.permissions?.has(permission) === false) throw new AccessDeniedError(AccessErrorCode.PermissionNotGranted, permission, location, patientId);
  if (patientId === undefined) return;
  if (principal.patients === '*' || principal.patients.includes(patientId)) return;
  throw new AccessDeniedError(AccessErrorCode.PatientNotInScope, permission, location, patientId);
}

/**
 * A batch is all or nothing: the first item out of scope rejects the whole request, named by its location. A
 * principal with every patient in scope reads no item (pass a generator and nothing is built for it).
 */
export function requireAccessToEach(principal: Principal | undefined, permission: Permission, items: Iterable<{ readonly patientId: string; readonly location: string }>): asserts principal is Principal {
  requireAccess(principal, permission);
  if (principal.patients === '*') return;
  const scope = new Set(principal.patients);
  for (const item of items) if (!scope.has(item.patientId)) requireAccess(principal, permission, item.patientId, item.location);
}

/**
 * The patient a `/v1/me` request is about: the principal's own id when it is a patient's token (role patient, exactly
 * one patient in scope); anyone else is refused (401 without a principal, 403 otherwise). Then `requireAccess` as usual.
 */
export function selfPatientId(principal: Principal | undefined): string {
  if (principal === undefined) throw new AccessDeniedError(AccessErrorCode.Unauthenticated);
  if (principal.role !== Role.Patient || principal.patients === '*' || principal.patients.length !== 1) throw new AccessDeniedError(AccessErrorCode.NotAPatient);
  return principal.patients[0];
}
