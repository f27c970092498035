import { describe, expect, it } from 'vitest';
import { Permission } from './permission';
import { Role } from './principal';
import { parseSmartScope, permissionsOfScope, principalFromSmartClaims } from './smart-scopes';

const READS = [Permission.ObservationRead, Permission.TwinRead, Permission.ForecastRead];

describe(parseSmartScope.name, () => {
  it.each([
    ['patient/Observation.rs', 'patient', 'Observation', 'rs'],
    ['patient/*.rs', 'patient', '*', 'rs'],
    ['user/Observation.cruds', 'user', 'Observation', 'cruds'],
    ['system/*.rs', 'system', '*', 'rs'],
    ['patient/Observation.c', 'patient', 'Observation', 'c'],
    ['patient/Observation.read', 'patient', 'Observation', 'rs'],
    ['user/Patient.write', 'user', 'Patient', 'cud'],
    ['system/*.*', 'system', '*', 'cruds'],
  ])('should parse %s', (scope, context, resource, actions) => {
    const parsed = parseSmartScope(scope);
    expect(parsed?.context).toBe(context);
    expect(parsed?.resource).toBe(resource);
    expect([...(parsed?.actions ?? [])].join('')).toBe(actions);
  });

  it.each(['openid', 'launch/patient', 'offline_access', 'patient/Observation.sr', 'patient/Observation.rr', 'patient/Observation.x', 'practitioner/Observation.rs', 'patient/observation.rs', 'patient/Observation.rs?category=vital-signs', 'patient/Observation.'])(
    'should not take %s as a data scope',
    (scope) => expect(parseSmartScope(scope)).toBeUndefined(),
  );
});

describe(permissionsOfScope.name, () => {
  it.each([
    ['patient/Observation.rs', READS],
    ['patient/Observation.r', READS],
    ['patient/Observation.s', READS],
    ['patient/Observation.c', [Permission.ObservationWrite]],
    ['patient/Observation.u', [Permission.ObservationWrite]],
    ['patient/Observation.d', []],
    ['patient/Patient.rs', []],
    ['system/Patient.cu', [Permission.PatientWrite]],
    ['user/Group.c', [Permission.PopulationRun]],
    ['patient/Group.c', []],
    ['patient/*.rs', READS],
    ['system/*.cruds', [...READS, Permission.ObservationWrite, Permission.PatientWrite, Permission.PopulationRun, Permission.RecommendationDecide]],
    ['user/Task.cu', [Permission.RecommendationDecide]],
    ['patient/Task.cu', []],
    ['patient/Condition.rs', []],
  ])('should map %s to %j', (scope, expected) => {
    expect(permissionsOfScope(parseSmartScope(scope)!).sort()).toEqual([...expected].sort());
  });
});

describe(principalFromSmartClaims.name, () => {
  it.each([
    // sub, role claim, patient, scope → role, patients, permissions
    { claims: { sub: 'app-1', patient: 'p-1', scope: 'openid patient/Observation.rs' }, role: Role.Patient, patients: ['p-1'], permissions: READS },
    { claims: { sub: 'dr-1', role: 'clinician', patient: 'p-1', scope: 'user/Observation.rs' }, role: Role.Clinician, patients: ['p-1'], permissions: READS },
    { claims: { sub: 'dr-1', scope: 'user/Observation.rs user/Observation.c' }, role: Role.Clinician, patients: '*', permissions: [...READS, Permission.ObservationWrite] },
    { claims: { sub: 'feed', scope: ['system/*.rs'] }, role: Role.Service, patients: '*', permissions: READS },
    // patient scopes without the launch patient grant nothing
    { claims: { sub: 'dr-2', scope: 'patient/*.rs' }, role: Role.Clinician, patients: '*', permissions: [] },
    { claims: { sub: 'cgm', role: 'device', patient: 'p-1', scope: 'patient/Observation.c' }, role: Role.Device, patients: ['p-1'], permissions: [Permission.ObservationWrite] },
  ])('should make $claims.sub a $role reaching $patients', ({ claims, role, patients, permissions }) => {
    const made = principalFromSmartClaims(claims);
    expect('principal' in made).toBe(true);
    if (!('principal' in made)) return;
    expect(made.principal.id).toBe(`oidc:${claims.sub}`);
    expect(made.principal.role).toBe(role);
    expect(made.principal.patients).toEqual(patients);
    expect([...(made.principal.permissions ?? [])].sort()).toEqual([...permissions].sort());
  });

  it.each([
    [{ sub: '', scope: 'system/*.rs' }, 'sub'],
    [{ sub: 'x', role: 'root', scope: 'system/*.rs' }, 'role'],
    [{ sub: 'x', role: 'patient', scope: 'user/Observation.rs' }, 'patient launch context'],
    [{ sub: 'x', role: 'device', scope: 'user/Observation.c' }, 'patient launch context'],
    [{ sub: 'x', patient: '', scope: 'patient/*.rs' }, 'patient'],
  ])('should refuse %j (no principal: 401)', (claims, reason) => {
    const made = principalFromSmartClaims(claims);
    expect('error' in made && made.error).toContain(reason);
  });
});
