/** The platform's HTTP API as the dashboard uses it: the bearer token, errors in words, JSON in and out. */

const TOKEN_KEY = 'shuji.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, value);
  },
};

/** What to tell a person for an answer that is not 2xx. */
function explain(status: number, body: unknown): string {
  const detail =
    typeof body === 'object' && body !== null
      ? ((body as { message?: unknown }).message ?? (body as { issue?: { diagnostics?: string }[] }).issue?.[0]?.diagnostics)
      : undefined;
  const said = typeof detail === 'string' ? detail : Array.isArray(detail) ? detail.join('; ') : '';
  if (status === 401) return 'Your sign-in is not valid (any more). Sign in again.';
  if (status === 403) return 'You are not allowed to see this.';
  if (status === 404) return said || 'Not found.';
  if (status === 429) return 'Too many requests just now; wait a moment and try again.';
  if (status === 503) return 'The platform is briefly unavailable (its database or bus is down); it retries by itself, try again shortly.';
  return said || `The platform answered ${status}.`;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${session.token ?? ''}`, accept: 'application/json' }, signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'The platform cannot be reached. Is it running?');
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, explain(res.status, body));
  return body as T;
}

/** POSTs JSON; a non-2xx answer is an ApiError in words (the platform's message, e.g. the field a 400 names). */
export async function postJson<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { authorization: `Bearer ${session.token ?? ''}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'The platform cannot be reached. Is it running?');
  }
  const parsed: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, explain(res.status, parsed));
  return { status: res.status, body: parsed as T };
}

export interface RiskFlag {
  readonly code: string;
  readonly severity: 'warning' | 'critical';
  readonly text: string;
}

export interface PanelPatient {
  readonly patientId: string;
  readonly lastObservation: string;
  readonly observations: number;
  readonly cgmReadings: number;
  readonly lastSystolic: number | null;
  readonly lastInr: number | null;
  readonly lastWeight: number | null;
  readonly flags: readonly RiskFlag[];
}

/** What the dashboard reads of the API's answers (the full shapes are the platform's, at /openapi.json). */
export interface TwinVariable {
  readonly name: string;
  readonly unit: string;
  readonly mean: number;
  readonly p05: number;
  readonly p95: number;
}

export interface TwinSummary {
  readonly revision: number;
  readonly components: readonly { readonly id: string; readonly reason?: string; readonly explains: readonly { readonly loinc: string }[]; readonly variables: readonly string[] }[];
  readonly state: readonly TwinVariable[];
  readonly parameters: readonly TwinVariable[];
  readonly lastUpdate: string | null;
}

export type ForecastPoint = Readonly<Record<'timeMs' | 'q10' | 'q50' | 'q90', number>>;

export interface TwinForecast {
  readonly method: string;
  readonly points: readonly ForecastPoint[];
}

export interface Reading {
  readonly time: number;
  readonly value: number;
}

/** A patient's readings of one LOINC code since `from`, oldest first (FHIR search). */
export async function readings(patientId: string, code: string, from: Date, signal?: AbortSignal): Promise<Reading[]> {
  const query = new URLSearchParams({ patient: patientId, code, date: `ge${from.toISOString()}` });
  const bundle = await getJson<{ entry?: { resource: { effectiveDateTime?: string; valueQuantity?: { value?: number } } }[] }>(`/fhir/Observation?${query}`, signal);
  return (bundle.entry ?? [])
    .map((e) => ({ time: Date.parse(e.resource.effectiveDateTime ?? ''), value: e.resource.valueQuantity?.value ?? Number.NaN }))
    .filter((r) => Number.isFinite(r.time) && Number.isFinite(r.value))
    .sort((a, b) => a.time - b.time);
}
