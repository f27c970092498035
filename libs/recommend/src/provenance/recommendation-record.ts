/**
 * A recommendation as stored (PostgreSQL, apps/recommend) with what it rests on, and its re-run: the same
 * recommender on the stored inputs must give the stored output exactly (compared as canonical JSON, which is
 * what the store keeps: jsonb numbers round-trip binary64 through their shortest decimal form).
 */
import type { TwinSummary } from '@shuji/twin';
import { RecommendInputError } from '../shared/recommend-input.error';
import { objectAt, onlyFields } from '../shared/request-fields.util';
import { recommenderFor, RECOMMENDERS, type ModelVersion, type Recommender } from './recommenders';

/** The twin a patient's recommendation was made beside: its revision and the component models it ran. */
export interface TwinContext {
  readonly revision: number;
  readonly components: readonly string[];
}

/**
 * The twin a recommendation was computed on (twin-recommendation.ts): the context, and what a re-run needs to fold
 * the same twin again and what a reader needs to judge it: the log's mark and the digest of its events, the
 * observations it was fitted to (count and span per LOINC code) and the personal parameters with their uncertainty.
 */
export interface TwinBasis extends TwinContext {
  readonly log_mark: string;
  readonly events_sha256: string;
  readonly observations: TwinSummary['dataCoverage'];
  readonly parameters: TwinSummary['parameters'];
}

export interface RecommendationProvenance {
  readonly models: readonly ModelVersion[];
  readonly sources: readonly string[];
  readonly seed: number | null;
  /** The code that computed it (package version and build commit, from the app's configuration). */
  readonly code_version: string;
  /** The patient's twin when the recommendation was made, or null (no patient, or no twin yet); computed on it: a TwinBasis. */
  readonly twin: TwinContext | TwinBasis | null;
}

export interface RecommendationDraft {
  readonly kind: string;
  readonly patientId: string | null;
  readonly inputs: unknown;
  readonly output: unknown;
  readonly headline: string;
  readonly provenance: RecommendationProvenance;
}

export interface RecommendationRequest {
  readonly kind: string;
  readonly patientId: string | null;
  readonly inputs: unknown;
}

const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** `{ kind, patient_id?, inputs }`: the kind and patient checked here, the inputs by the kind's recommender. */
export function parseRecommendationRequest(body: unknown, recommenders: readonly Recommender[] = RECOMMENDERS): RecommendationRequest {
  const record = objectAt(body, 'body');
  onlyFields(record, ['kind', 'patient_id', 'inputs']);
  const kind = recommenderFor(record.kind, recommenders).kind;
  const patient = record.patient_id ?? null;
  if (patient !== null && (typeof patient !== 'string' || !PATIENT_ID.test(patient))) throw new RecommendInputError('patient_id', 'must be a FHIR id (1–64 of A–Z a–z 0–9 - .)');
  objectAt(record.inputs, 'inputs');
  return { kind, patientId: patient, inputs: record.inputs };
}

/** Computes a recommendation and records what it rests on. */
export function makeRecommendation(request: RecommendationRequest, context: { readonly codeVersion: string; readonly twin: TwinContext | null }, recommenders: readonly Recommender[] = RECOMMENDERS): RecommendationDraft {
  const run = recommenderFor(request.kind, recommenders).run(request.inputs);
  return {
    kind: request.kind,
    patientId: request.patientId,
    inputs: request.inputs,
    output: run.output,
    headline: run.headline,
    provenance: { models: run.models, sources: run.sources, seed: run.seed, code_version: context.codeVersion, twin: context.twin },
  };
}

/** JSON with object keys sorted, so two equal values give one text whatever their key order (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export interface RerunOutcome {
  readonly reproduced: boolean;
  /** The models of the re-run; a version other than the stored one explains a difference. */
  readonly models: readonly ModelVersion[];
  readonly output: unknown;
  /** Paths (JSON Pointer) of the first differences, at most 10. */
  readonly differences: readonly string[];
}

/** Re-runs a stored recommendation on its stored inputs and compares the output with the stored one. */
export function rerunRecommendation(stored: { readonly kind: string; readonly inputs: unknown; readonly output: unknown }, recommenders: readonly Recommender[] = RECOMMENDERS): RerunOutcome {
  const run = recommenderFor(stored.kind, recommenders).run(stored.inputs);
  return compareRerun(stored.output, run.output, run.models);
}

/** A re-run's output against the stored one, as the store keeps JSON; `extra` names differences found elsewhere (e.g. the twin's events). */
export function compareRerun(storedOutput: unknown, rerunOutput: unknown, models: readonly ModelVersion[], extra: readonly string[] = []): RerunOutcome {
  const output = JSON.parse(JSON.stringify(rerunOutput)) as unknown;
  const differences = [...extra, ...diffPaths(storedOutput, output, '', [])].slice(0, 10);
  return { reproduced: differences.length === 0 && canonicalJson(storedOutput) === canonicalJson(output), models, output, differences };
}

function diffPaths(a: unknown, b: unknown, path: string, out: string[]): string[] {
  if (out.length >= 10) return out;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) diffPaths(ra[key], rb[key], `${path}/${key}`, out);
    return out;
  }
  if (!Object.is(a, b)) out.push(path === '' ? '/' : path);
  return out;
}
