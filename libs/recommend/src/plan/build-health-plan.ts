/**
 * A health-management plan for the patient app and the clinician (issue 15 item 3): for each component of the twin
 * whose what-if plug-in contributes to plans, its personal targets (with where the person stands, from their own
 * data) and its candidate actions, each simulated as an arm on the twin's posterior ensemble against the current
 * settings with common random numbers (the what-if engine, so the same seed gives the same plan). An action is offered
 * only when its predicted effect on its outcome is an improvement on average and for at least half of the members
 * (the paired difference's mean and median), and no guard outcome rises beyond its limit; the others are listed with
 * the reason. Nothing is applied: the plan is a proposal in plain language, exported as a FHIR CarePlan by
 * health-plan-fhir.ts.
 */
import type { TwinSummary } from '@shuji/twin';
import { RecommendInputError } from '../shared/recommend-input.error';
import { parseIsoDurationMin } from '../whatif/parse-what-if-request';
import { executeWhatIf, planWhatIf, WhatIfUnavailableError, type WhatIfRunOptions } from '../whatif/run-what-if';
import type { Distribution } from '../whatif/summarise-outcomes';
import type { PlanSuggestion, PlanTarget, WhatIfPlugin, WhatIfRequest, WhatIfTwin } from '../whatif/what-if-plugin';
import { pluginParts } from '../whatif/parts/twin-parts';
import { WhatIfRegistry } from '../whatif/what-if-registry';

export interface HealthPlanTarget extends PlanTarget {
  /** The what-if plug-in (component) it belongs to, e.g. `t1d-glucose`. */
  readonly component: string;
  readonly status: 'met' | 'not-met' | 'no-data';
}

export interface HealthPlanAction {
  readonly id: string;
  readonly component: string;
  readonly title: string;
  readonly detail: string;
  readonly source: string;
  readonly outcome: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  /** Over `horizon` from the twin's time: the outcome under the current settings, with the action, and their paired difference. */
  readonly horizon: string;
  readonly predicted: { readonly current: Distribution; readonly with_action: Distribution; readonly difference: Distribution };
  /** The predicted effect in plain language, e.g. "time in range +4.2 points over 14 days (10–90 %: +1.0 to +7.5)". */
  readonly effect: string;
}

export interface HealthPlanNotOffered {
  readonly id: string;
  readonly component: string;
  readonly title: string;
  readonly reason: string;
}

export interface HealthPlan {
  readonly patient_id: string;
  /** The twin's time (ISO): the plan is of the twin at that time. */
  readonly as_of: string;
  readonly seed: number;
  readonly members: number;
  /** One sentence: how many targets are met and how many actions are offered. */
  readonly headline: string;
  readonly targets: readonly HealthPlanTarget[];
  /** Best first within each component (largest predicted improvement). */
  readonly actions: readonly HealthPlanAction[];
  readonly not_offered: readonly HealthPlanNotOffered[];
  readonly applied: false;
  /** What the plan rests on (set by the service that read the twin): its revision, component models, observations. */
  readonly rests_on?: HealthPlanBasis;
}

export interface HealthPlanBasis {
  readonly twin_revision: number;
  readonly components: readonly string[];
  readonly observations: TwinSummary['dataCoverage'];
}

export interface HealthPlanOptions extends Pick<WhatIfRunOptions, 'signal' | 'threads'> {
  readonly seed: number;
  /** Minutes east of UTC: the person's clock. */
  readonly utcOffsetMin: number;
  /**
   * Called with every simulated suggestion's paired differences to the current settings, offered or not (the plan's
   * validation against truth reads them; the plan itself does not change).
   */
  readonly onSimulated?: (component: string, id: string, difference: Readonly<Record<string, Distribution>>) => void;
}

/**
 * The seed of every plan the product gives (apps/recommend health-plans.service.ts) and the plan's validation against
 * truth builds: the same twin at the same revision gives the same plan, and the validation judges that plan.
 */
export const HEALTH_PLAN_SEED = 1;

export function targetStatus(t: PlanTarget): HealthPlanTarget['status'] {
  if (t.current === null) return 'no-data';
  return (t.low === null || t.current >= t.low) && (t.high === null || t.current <= t.high) ? 'met' : 'not-met';
}

const signed = (x: number): string => {
  const r = Math.abs(x).toFixed(1);
  return `${x < 0 && r !== '0.0' ? '−' : '+'}${r}`;
};
/** A change of a percentage is in points. */
const unitOfChange = (unit: string): string => (unit === '%' ? ' points' : unit === '' ? '' : ` ${unit}`);

/** Whether the paired difference is an improvement, and if not, why (plain language). */
export function judgeSuggestion(s: PlanSuggestion, difference: Readonly<Record<string, Distribution>>, unit: string): string | null {
  const d = difference[s.outcome];
  if (d === undefined) throw new RangeError(`suggestion ${s.id}: no outcome "${s.outcome}"`);
  const gain = s.better === 'higher' ? 1 : -1;
  if (!(gain * d.mean > 0 && gain * d.q50 > 0)) {
    return `predicted ${s.outcome.replaceAll('_', ' ')} ${signed(d.mean)}${unitOfChange(unit)} on average (median ${signed(d.q50)}): no gain for most of the twin's members`;
  }
  for (const g of s.guards ?? []) {
    const rise = difference[g.outcome]?.mean;
    if (rise === undefined) throw new RangeError(`suggestion ${s.id}: no guard outcome "${g.outcome}"`);
    if (rise > g.maxIncrease) return `${g.outcome.replaceAll('_', ' ')} would rise by ${rise.toFixed(2)} on average (at most ${g.maxIncrease} allowed)`;
  }
  return null;
}

const days = (horizonMin: number): string => (horizonMin % 1440 === 0 ? `${horizonMin / 1440} days` : `${(horizonMin / 60).toFixed(0)} hours`);

async function contribution(twin: WhatIfTwin, plugin: WhatIfPlugin, options: HealthPlanOptions) {
  const own = plugin.plan!(twin, { nowMs: twin.currentTimeMs, utcOffsetMin: options.utcOffsetMin });
  const targets = own.targets.map((t) => ({ ...t, component: plugin.id, status: targetStatus(t) }));
  const actions: (HealthPlanAction & { readonly gain: number })[] = [];
  const notOffered: HealthPlanNotOffered[] = [];
  if (own.suggestions.length === 0) return { targets, actions, notOffered };
  const horizonMin = parseIsoDurationMin(own.horizon, 'horizon');
  const request: WhatIfRequest = {
    seed: options.seed,
    horizon: own.horizon,
    horizonMin,
    utcOffsetMin: options.utcOffsetMin,
    current: [],
    arms: [{ name: 'current', changes: [] }, ...own.suggestions.map((s) => ({ name: s.id, changes: s.changes }))],
  };
  let arms;
  try {
    const result = await executeWhatIf(planWhatIf(twin, request, new WhatIfRegistry().register(plugin)), { signal: options.signal, threads: options.threads });
    arms = result.components[0].arms;
  } catch (err) {
    // the twin cannot simulate this part (e.g. its log gives no carbohydrate ratio): the targets stand, no action is offered
    if (!(err instanceof RecommendInputError || err instanceof WhatIfUnavailableError)) throw err;
    for (const s of own.suggestions) notOffered.push({ id: s.id, component: plugin.id, title: s.title, reason: `not simulated: ${err.message}` });
    return { targets, actions, notOffered };
  }
  own.suggestions.forEach((s, i) => {
    const arm = arms[i + 1];
    options.onSimulated?.(plugin.id, s.id, arm.difference!);
    const unit = plugin.outcomes.find((o) => o.name === s.outcome)?.unit ?? '';
    const reason = judgeSuggestion(s, arm.difference!, unit);
    if (reason !== null) {
      notOffered.push({ id: s.id, component: plugin.id, title: s.title, reason });
      return;
    }
    const d = arm.difference![s.outcome];
    actions.push({
      id: s.id,
      component: plugin.id,
      title: s.title,
      detail: s.detail,
      source: s.source,
      outcome: s.outcome,
      unit,
      better: s.better,
      horizon: own.horizon,
      predicted: { current: arms[0].outcomes[s.outcome], with_action: arm.outcomes[s.outcome], difference: d },
      effect: `${s.outcome.replaceAll('_', ' ')} ${signed(d.mean)}${unitOfChange(unit)} over ${days(horizonMin)} (10–90 %: ${signed(d.q10)} to ${signed(d.q90)})`,
      gain: (s.better === 'higher' ? 1 : -1) * d.mean,
    });
  });
  actions.sort((a, b) => b.gain - a.gain);
  return { targets, actions, notOffered };
}

/** The plan of a twin at its current time (throws WhatIfUnavailableError when the twin has no state yet; freeze a live twin first: frozenTwinView of @shuji/twin). */
export async function buildHealthPlan(twin: WhatIfTwin, registry: WhatIfRegistry, options: HealthPlanOptions): Promise<HealthPlan> {
  if (twin.ensemble.length === 0 || !Number.isFinite(twin.currentTimeMs)) throw new WhatIfUnavailableError('the twin has no state yet');
  // each plug-in plans on its own part of a composite twin (its child component, its slice of every member)
  const planners = pluginParts(twin, registry.plugins.filter((p) => p.plan !== undefined));
  const parts = [];
  for (const { plugin, twin: part } of planners) parts.push(await contribution(part, plugin, options));
  const targets = parts.flatMap((p) => p.targets);
  const actions = parts.flatMap((p) => p.actions.map(({ gain: _gain, ...a }) => a));
  const met = targets.filter((t) => t.status === 'met').length;
  const known = targets.filter((t) => t.status !== 'no-data').length;
  const headline =
    targets.length === 0
      ? 'No plan yet: none of this twin’s components sets targets'
      : `${met} of ${known} targets with data met; ${actions.length === 0 ? 'no action is predicted to help yet' : `${actions.length} action${actions.length === 1 ? '' : 's'} predicted to help`}`;
  return {
    patient_id: twin.patientId,
    as_of: new Date(twin.currentTimeMs).toISOString(),
    seed: options.seed,
    members: twin.ensemble.length,
    headline,
    targets,
    actions,
    not_offered: parts.flatMap((p) => p.notOffered),
    applied: false,
  };
}
