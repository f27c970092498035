import { AccessDeniedError, AccessErrorCode } from './access-denied.error';

/** HTTP status and headers of a denial: 401 with a Bearer challenge (RFC 6750 §3), else 403. */
export function accessDeniedHttp(err: AccessDeniedError): { status: 401 | 403; headers: Record<string, string> } {
  if (err.code === AccessErrorCode.Unauthenticated) return { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="shuji"' } };
  return { status: 403, headers: {} };
}
