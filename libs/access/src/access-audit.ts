import type { Request } from 'express';
import { AccessDeniedError, AccessErrorCode } from './access-denied.error';
import { PRINCIPAL_KEY, type AuthenticatedRequest } from './bearer-auth.guard';

/** Injection token of the audit trail the edge writes refusals and reads of personal data to (bound by the app's wiring). */
export const ACCESS_AUDIT = Symbol('ACCESS_AUDIT');

/** One audit row: who (`actor`), what (`action`, `resource`), whose (`patientId`); `at` is the time of writing. */
export interface AccessAuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly patientId?: string;
  readonly resource: string;
  /** The outcome (`allowed`, `denied`, `not-found`, …) and its reason code. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The audit trail as the edge sees it (AuditRepository of @shuji/persistence fits it). */
export interface AccessAudit {
  record(entry: AccessAuditEntry): Promise<void>;
}

/** The audit row of a refusal: the principal (or `anonymous`), the permission refused and the patient asked for. */
export function refusalEntry(err: AccessDeniedError, req: Request): AccessAuditEntry {
  const principal = (req as AuthenticatedRequest)[PRINCIPAL_KEY];
  // the route's pattern, not the path: a path holds identifiers, which belong in patient_id only
  const route = (req as Request & { route?: { path?: unknown } }).route?.path;
  return {
    actor: principal?.id ?? 'anonymous',
    action: err.code === AccessErrorCode.Unauthenticated ? 'denied:authenticate' : `denied:${err.permission ?? 'unknown'}`,
    ...(err.patientId === undefined ? {} : { patientId: err.patientId }),
    resource: `${req.method} ${typeof route === 'string' ? route : req.baseUrl || '(unrouted)'}`,
    details: { outcome: 'denied', code: err.code, ...(err.location === undefined ? {} : { location: err.location }) },
  };
}

/**
 * Runs a read of a person's data and writes its audit row (who, what, whose, outcome) whatever the outcome:
 * `allowed`, or what `outcomeOf` calls the failure (`not-found`, `invalid`, …), before the caller answers.
 */
export async function auditedRead<T>(
  audit: AccessAudit | undefined,
  entry: Omit<AccessAuditEntry, 'details'>,
  read: () => Promise<T>,
  outcomeOf: (err: unknown) => string,
): Promise<T> {
  let outcome = 'error';
  try {
    const result = await read();
    outcome = 'allowed';
    return result;
  } catch (err) {
    outcome = outcomeOf(err);
    throw err;
  } finally {
    await audit?.record({ ...entry, details: { outcome } });
  }
}
