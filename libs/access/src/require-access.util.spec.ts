import { describe, expect, it } from 'vitest';
import { AccessDeniedError, AccessErrorCode } from './access-denied.error';
import { Permission } from './permission';
import { Role, type Principal } from './principal';
import { requireAccess, requireAccessToEach, selfPatientId } from './require-access.util';

const patient: Principal = { id: 'patient:p-1', role: Role.Patient, patients: ['p-1'] };
const device: Principal = { id: 'device:cgm-7', role: Role.Device, patients: ['p-1', 'p-2'] };
const clinician: Principal = { id: 'clinician:ward-3', role: Role.Clinician, patients: ['p-1', 'p-3'] };
const service: Principal = { id: 'service:ehr', role: Role.Service, patients: '*' };
const admin: Principal = { id: 'admin', role: Role.Admin, patients: '*' };

function denial(run: () => void): AccessDeniedError {
  try {
    run();
  } catch (err) {
    if (err instanceof AccessDeniedError) return err;
    throw err;
  }
  throw new Error('expected an AccessDeniedError');
}

describe(requireAccess.name, () => {
  it('should answer unauthenticated when there is no principal', () => {
    expect(denial(() => requireAccess(undefined, Permission.TwinRead, 'p-1')).code).toBe(AccessErrorCode.Unauthenticated);
  });

  it('should let a patient read only their own data', () => {
    for (const p of [Permission.ObservationRead, Permission.TwinRead, Permission.ForecastRead]) {
      expect(() => requireAccess(patient, p, 'p-1')).not.toThrow();
      expect(denial(() => requireAccess(patient, p, 'p-2')).code).toBe(AccessErrorCode.PatientNotInScope);
    }
  });

  it('should let a patient self-report readings but not create patients when writing', () => {
    expect(() => requireAccess(patient, Permission.ObservationWrite, 'p-1')).not.toThrow();
    expect(denial(() => requireAccess(patient, Permission.PatientWrite, 'p-1')).code).toBe(AccessErrorCode.PermissionNotGranted);
  });

  it('should let a device write only for its patients and read nothing', () => {
    expect(() => requireAccess(device, Permission.ObservationWrite, 'p-2')).not.toThrow();
    expect(denial(() => requireAccess(device, Permission.ObservationWrite, 'p-9')).code).toBe(AccessErrorCode.PatientNotInScope);
    for (const p of [Permission.ObservationRead, Permission.TwinRead, Permission.ForecastRead, Permission.PatientWrite]) {
      expect(denial(() => requireAccess(device, p, 'p-1')).code).toBe(AccessErrorCode.PermissionNotGranted);
    }
  });

  it('should let a clinician read only their panel', () => {
    expect(() => requireAccess(clinician, Permission.TwinRead, 'p-3')).not.toThrow();
    expect(denial(() => requireAccess(clinician, Permission.TwinRead, 'p-2')).code).toBe(AccessErrorCode.PatientNotInScope);
    expect(denial(() => requireAccess(clinician, Permission.PatientWrite, 'p-1')).code).toBe(AccessErrorCode.PermissionNotGranted);
  });

  it('should let a service and an admin with scope * reach every patient', () => {
    expect(() => requireAccess(service, Permission.PatientWrite, 'anyone')).not.toThrow();
    for (const p of Object.values(Permission)) expect(() => requireAccess(admin, p, 'anyone')).not.toThrow();
  });

  it('should check the role only when no patient is given', () => {
    expect(() => requireAccess(device, Permission.ObservationWrite)).not.toThrow();
    expect(denial(() => requireAccess(device, Permission.TwinRead)).code).toBe(AccessErrorCode.PermissionNotGranted);
  });

  it('should name the permission and location but never the patient id when it denies', () => {
    const err = denial(() => requireAccess(clinician, Permission.ObservationRead, 'p-secret-42', 'Observation[2]'));
    expect(err.message).toContain('observation.read');
    expect(err.message).toContain('Observation[2]');
    expect(err.message).not.toContain('p-secret-42');
    expect(err.location).toBe('Observation[2]');
  });
});

describe(requireAccessToEach.name, () => {
  it('should reject the whole batch at the first item out of scope, named by its location', () => {
    const items = [
      { patientId: 'p-1', location: '[0].patient_id' },
      { patientId: 'p-2', location: '[1].patient_id' },
      { patientId: 'p-9', location: '[2].patient_id' },
    ];
    const err = denial(() => requireAccessToEach(device, Permission.ObservationWrite, items));
    expect(err).toMatchObject({ code: AccessErrorCode.PatientNotInScope, location: '[2].patient_id', permission: Permission.ObservationWrite });
  });

  it('should check the role even when the batch is empty', () => {
    expect(denial(() => requireAccessToEach(device, Permission.TwinRead, [])).code).toBe(AccessErrorCode.PermissionNotGranted);
    expect(() => requireAccessToEach(device, Permission.ObservationWrite, [{ patientId: 'p-1', location: '[0]' }])).not.toThrow();
  });
});

describe('selfPatientId', () => {
  it("should give a patient's token its own id and refuse everyone else", () => {
    expect(selfPatientId({ id: 'patient:p-1', role: Role.Patient, patients: ['p-1'] })).toBe('p-1');
    expect(() => selfPatientId(undefined)).toThrow(expect.objectContaining({ code: AccessErrorCode.Unauthenticated }));
    for (const other of [
      { id: 'clinician:c', role: Role.Clinician, patients: ['p-1'] },
      { id: 'admin', role: Role.Admin, patients: '*' as const },
      { id: 'patient:family', role: Role.Patient, patients: ['p-1', 'p-2'] },
    ]) {
      expect(() => selfPatientId(other)).toThrow(expect.objectContaining({ code: AccessErrorCode.NotAPatient }));
    }
  });
});
