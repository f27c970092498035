import { fhirIssue, textError, type OperationOutcomeIssue } from '@shuji/fhir';
import type { ObservationSearch } from './gateway.tokens';

type Query = Readonly<Record<string, string | string[] | undefined>>;

/** Longest value of a search parameter (a system|code token is well under it). */
const SEARCH_VALUE_MAX_LENGTH = 1024;

/**
 * Parses `GET /fhir/Observation?patient=&code=&date=` (R4 search: §3.1.1.4 token `system|code`,
 * date prefixes eq/ge/gt/le/lt from §3.1.1.5.6; `date` may repeat for a range). Errors name the parameter.
 */
export function parseObservationSearch(query: Query): { ok: true; value: ObservationSearch } | { ok: false; issues: OperationOutcomeIssue[] } {
  const issues: OperationOutcomeIssue[] = [];
  const one = (name: string): string | undefined => {
    const v = query[name];
    if (Array.isArray(v)) {
      issues.push(fhirIssue('error', 'invalid', `parameter "${name}" may appear once`, name));
      return undefined;
    }
    return v;
  };
  const known = new Set(['patient', 'subject', 'code', 'date', '_count']);
  for (const k of Object.keys(query)) {
    if (!known.has(k)) issues.push(fhirIssue('error', 'not-supported', `unsupported search parameter "${k}"`, k));
    // every value reaches the database as a parameter: control characters (%00) and long values stop here
    for (const v of ([] as unknown[]).concat(query[k])) {
      const error = typeof v === 'string' ? textError(v, SEARCH_VALUE_MAX_LENGTH) : 'is not a plain value';
      if (error !== undefined) issues.push(fhirIssue('error', 'value', `parameter "${k}" ${error}`, k));
    }
  }

  const rawPatient = one('patient') ?? one('subject');
  const patientId = rawPatient?.replace(/^Patient\//, '');
  if (!patientId) issues.push(fhirIssue('error', 'required', 'parameter "patient" is required', 'patient'));
  else if (!/^[A-Za-z0-9\-.]{1,64}$/.test(patientId)) issues.push(fhirIssue('error', 'invalid', `"${rawPatient}" is not a patient id`, 'patient'));

  let code: string | undefined;
  let codeSystem: string | undefined;
  const rawCode = one('code');
  if (rawCode !== undefined) {
    const bar = rawCode.indexOf('|');
    code = bar >= 0 ? rawCode.slice(bar + 1) : rawCode;
    codeSystem = bar > 0 ? rawCode.slice(0, bar) : undefined;
    if (!code) issues.push(fhirIssue('error', 'invalid', 'parameter "code" is empty', 'code'));
  }

  let from: Date | undefined;
  let to: Date | undefined;
  const dates = query['date'] === undefined ? [] : ([] as string[]).concat(query['date']);
  for (const d of dates) {
    const m = /^(eq|ge|gt|le|lt)?(\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?)$/.exec(d);
    if (!m) {
      issues.push(fhirIssue('error', 'invalid', `"${d}" is not a FHIR date search value`, 'date'));
      continue;
    }
    const [start, end] = dateRange(m[2]!);
    if (Number.isNaN(start.getTime())) {
      issues.push(fhirIssue('error', 'invalid', `"${d}" is not a valid date`, 'date'));
      continue;
    }
    switch (m[1] ?? 'eq') {
      case 'eq': from = start; to = end; break;
      case 'ge': from = start; break;
      case 'gt': from = end; break;
      case 'lt': to = start; break;
      case 'le': to = end; break;
    }
  }
  let limit: number | undefined;
  const count = one('_count');
  if (count !== undefined) {
    limit = Number(count);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) issues.push(fhirIssue('error', 'invalid', '"_count" must be an integer 1..10000', '_count'));
  }
  if (issues.length > 0 || !patientId) return { ok: false, issues };
  return { ok: true, value: { patientId, ...(code ? { code } : {}), ...(codeSystem ? { codeSystem } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), ...(limit ? { limit } : {}) } };
}

/** [start, end) of a partial date: 2024 → the year, 2024-03 → the month, a full instant → that millisecond. */
function dateRange(value: string): [Date, Date] {
  if (/^\d{4}$/.test(value)) return [new Date(`${value}-01-01T00:00:00Z`), new Date(`${Number(value) + 1}-01-01T00:00:00Z`)];
  if (/^\d{4}-\d{2}$/.test(value)) {
    const s = new Date(`${value}-01T00:00:00Z`);
    return [s, new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1))];
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const s = new Date(`${value}T00:00:00Z`);
    return [s, new Date(s.getTime() + 86_400_000)];
  }
  const s = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
  return [s, new Date(s.getTime() + 1)];
}
