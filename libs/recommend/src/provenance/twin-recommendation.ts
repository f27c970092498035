/**
 * A recommendation computed on a person's twin (an optimise plug-in's ranked options, e.g. T1D pump settings) as it
 * is stored: the request as given (its seed made explicit), the ranked options, a headline, and what it rests on:
 * the twin as of a mark of its event log (revision, digest of its events, the observations it was fitted to, the
 * personal parameters with their uncertainty), the component models and versions, the methods' sources and the
 * code. A re-run folds the twin again from its log through the mark (TwinService.asOf) and runs the same request.
 */
import type { TwinAsOf } from '@shuji/twin';
import type { OptimiseResult } from '../optimise/optimise-plans';
import type { RecommendationDraft, TwinBasis } from './recommendation-record';
import type { ModelVersion } from './recommenders';

/** "uva-padova-s2008@2008.1/twin.4" → { id: "uva-padova-s2008", version: "2008.1/twin.4" }. */
export function modelVersionOf(componentId: string): ModelVersion {
  const at = componentId.indexOf('@');
  return at < 0 ? { id: componentId, version: 'unversioned' } : { id: componentId.slice(0, at), version: componentId.slice(at + 1) };
}

export function twinBasisOf(asOf: Pick<TwinAsOf, 'summary' | 'mark' | 'eventsSha256'>): TwinBasis {
  const { summary } = asOf;
  return {
    revision: summary.revision,
    components: summary.components.map((c) => c.id),
    log_mark: asOf.mark,
    events_sha256: asOf.eventsSha256,
    observations: summary.dataCoverage,
    parameters: summary.parameters,
  };
}

/** The methods every optimisation rests on, beside the twin's models. */
export const OPTIMISE_SOURCES: readonly string[] = [
  'Compass search: Kolda TG, Lewis RM, Torczon V. SIAM Review 2003;45:385–482 (doi:10.1137/S003614450242889)',
  'CGM outcomes and targets: Battelino T, et al. Diabetes Care 2019;42:1593–1603 (doi:10.2337/dci19-0028)',
  'Sensitivity by rank correlation: Saltelli A, et al. Global Sensitivity Analysis: The Primer. Wiley 2008',
];

/** One decimal with its sign, the sign of the rounded value (0.04 → "±0", not "+0"). */
const signed = (x: number): string => {
  const r = Math.round(x * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r)}`;
};

const words = (key: string): string => key.replaceAll('_', ' ');
/** A plan dimension's key without the unit it ends with: `carb_ratio_g_per_unit` → "carb ratio". */
const label = (key: string): string => words(key.replace(/(_(units?|g|mg|dl|kg|kcal|mmhg|per|day|hour|min))+$/, ''));
const value = (x: number): string => String(Math.round(x * 100) / 100);

/** A sentence for a list or a card: the best option's steps and its predicted effect, or why there is none. */
export function optimiseHeadline(result: OptimiseResult): string {
  const objective = words(result.objective.outcome);
  const best = result.options[0];
  if (best === undefined) return `No change offered: no plan kept every limit and improved ${objective} for most members`;
  const units = new Map(result.hard_limits.dimensions.map((d) => [d.key, d.unit]));
  const steps = Object.entries(best.step_percent)
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => `${label(k)} ${signed(v)} % (${value(best.settings[k])} ${units.get(k) ?? ''})`.replace(' )', ')'));
  const d = best.difference[result.objective.outcome];
  return `${steps.length === 0 ? 'Settings rounded' : steps.join(', ')} → ${objective} ${signed(d.mean)} (10–90 %: ${signed(d.q10)} to ${signed(d.q90)}) over ${result.horizon}`;
}

/** The stored form of an optimisation's result; `request` is the body as given. */
export function optimiseRecommendationDraft(args: {
  readonly request: unknown;
  readonly result: OptimiseResult;
  readonly basis: TwinBasis;
  readonly codeVersion: string;
}): RecommendationDraft {
  const { result, basis } = args;
  const given = args.request !== null && typeof args.request === 'object' ? (args.request as Record<string, unknown>) : {};
  return {
    kind: result.kind,
    patientId: result.patient_id,
    inputs: { ...given, seed: result.seed },
    output: result,
    headline: optimiseHeadline(result),
    provenance: { models: basis.components.map(modelVersionOf), sources: OPTIMISE_SOURCES, seed: result.seed, code_version: args.codeVersion, twin: basis },
  };
}

/** Whether a stored provenance's twin is a TwinBasis (a recommendation computed on the twin, re-run by refolding it). */
export function isTwinBasis(twin: unknown): twin is TwinBasis {
  return twin !== null && typeof twin === 'object' && typeof (twin as TwinBasis).log_mark === 'string' && typeof (twin as TwinBasis).events_sha256 === 'string';
}
