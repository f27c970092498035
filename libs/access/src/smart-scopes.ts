import { Permission } from './permission';
import { Role, type Principal } from './principal';

/** One SMART App Launch scope, parsed: `patient/Observation.rs` → { context: 'patient', resource: 'Observation', actions: 'rs' }. */
export interface SmartScope {
  readonly context: 'patient' | 'user' | 'system';
  /** A FHIR resource type, or `*`. */
  readonly resource: string;
  /** SMART v2 actions as a set of c, r, u, d, s (v1 `.read` → rs, `.write` → cud, `.*` → cruds). */
  readonly actions: ReadonlySet<'c' | 'r' | 'u' | 'd' | 's'>;
}

const V1_ACTIONS: Readonly<Record<string, string>> = { read: 'rs', write: 'cud', '*': 'cruds' };

/**
 * SMART App Launch 2.0 (HL7, 2021, §"Scopes for requesting clinical data") scope syntax, v1 `.read/.write/.*` too.
 * v2 actions must appear in the order c r u d s, each at most once; v2 query parameters (`?category=…`) are not
 * honoured, so such a scope is ignored rather than widened. Anything else (`openid`, `launch/patient`,
 * `offline_access`, …) is not a data scope: undefined.
 */
export function parseSmartScope(scope: string): SmartScope | undefined {
  const m = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z*]+)$/.exec(scope);
  if (m === null) return undefined;
  const raw = V1_ACTIONS[m[3]!] ?? m[3]!;
  if (!/^c?r?u?d?s?$/.test(raw) || raw === '') return undefined;
  return { context: m[1] as SmartScope['context'], resource: m[2]!, actions: new Set(raw.split('') as ('c' | 'r' | 'u' | 'd' | 's')[])};
}

/**
 * What a scope grants on Shuji's permissions. A twin and its forecasts are computed from the person's
 * observations, so reading (r or s) Observation grants them too; creating or updating (c or u) Observation grants
 * writing readings; c/u on Patient grants writing patients; c on Group (a virtual cohort) or `*` grants population
 * jobs, which read no person's data; c/u on Task (a clinician acting on a proposed task, outside the patient context)
 * grants deciding on recommendations. `*` grants everything its actions grant.
 */
export function permissionsOfScope(scope: SmartScope): Permission[] {
  const any = scope.resource === '*';
  const reads = scope.actions.has('r') || scope.actions.has('s');
  const writes = scope.actions.has('c') || scope.actions.has('u');
  const out: Permission[] = [];
  if ((any || scope.resource === 'Observation') && reads) out.push(Permission.ObservationRead, Permission.TwinRead, Permission.ForecastRead);
  if ((any || scope.resource === 'Observation') && writes) out.push(Permission.ObservationWrite);
  if ((any || scope.resource === 'Patient') && writes) out.push(Permission.PatientWrite);
  if ((any || scope.resource === 'Group') && scope.actions.has('c') && scope.context !== 'patient') out.push(Permission.PopulationRun);
  if ((any || scope.resource === 'Task') && writes && scope.context !== 'patient') out.push(Permission.RecommendationDecide);
  return out;
}

/** The claims of a verified access token that make its principal. */
export interface SmartClaims {
  readonly sub: string;
  /** Space-separated scopes (RFC 8693 §4.2 / SMART `scope`), or a JSON list (`scp`, as some issuers send). */
  readonly scope?: string | readonly string[];
  /** The SMART launch context: the patient the token is for. */
  readonly patient?: string;
  /** The Shuji role of the subject (a custom claim); without it: patient with a launch patient and patient scopes only, service with system scopes only, else clinician. */
  readonly role?: string;
}

const ROLES = new Set<string>(Object.values(Role));

/**
 * The principal of a verified token, or a reason it has none (the caller answers 401). The launch patient, when
 * present, narrows every scope to that one person; patient/ scopes without it grant nothing (SMART requires the
 * context for them). Without a launch patient, user/ and system/ scopes reach every patient the role reaches: the
 * platform keeps no clinician panels (docs/security.md, "Known gaps"). The role's own grants still bound
 * everything (requireAccess checks both), so a scope never widens a role.
 */
export function principalFromSmartClaims(claims: SmartClaims): { principal: Principal } | { error: string } {
  if (claims.sub === '' || claims.sub.length > 256) return { error: 'sub: must be a non-empty string' };
  if (claims.role !== undefined && !ROLES.has(claims.role)) return { error: 'role: not a Shuji role' };
  const list = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [...(claims.scope ?? [])];
  const scopes = list.map(parseSmartScope).filter((s): s is SmartScope => s !== undefined);
  const patient = claims.patient;
  if (patient !== undefined && (patient === '' || patient.length > 128)) return { error: 'patient: must be a non-empty id' };
  const usable = scopes.filter((s) => s.context !== 'patient' || patient !== undefined);
  const role = (claims.role as Role | undefined) ?? defaultRole(usable, patient);
  if (role === Role.Patient && patient === undefined) return { error: 'a patient token needs the patient launch context' };
  if (role === Role.Device && patient === undefined) return { error: 'a device token needs the patient launch context' };
  const permissions = new Set(usable.flatMap(permissionsOfScope));
  const principal: Principal = Object.freeze({
    id: `oidc:${claims.sub}`,
    role,
    patients: patient === undefined ? ('*' as const) : Object.freeze([patient]),
    permissions,
  });
  return { principal };
}

function defaultRole(scopes: readonly SmartScope[], patient: string | undefined): Role {
  if (patient !== undefined && scopes.length > 0 && scopes.every((s) => s.context === 'patient')) return Role.Patient;
  if (scopes.length > 0 && scopes.every((s) => s.context === 'system')) return Role.Service;
  return Role.Clinician;
}
