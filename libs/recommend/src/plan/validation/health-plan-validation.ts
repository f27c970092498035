/**
 * Validation of the T1D health plan's actions against known truth (issue 15 item 3), by issue 14's rules: the persons,
 * their misspecified truth, their twin after `dataDays` of data and their poor starting settings of
 * validation/t1d-validation-persons.ts (the optimiser's validation's persons). The plan is built on the twin as the
 * product builds it (buildHealthPlan, the default registry, the service's seed); then every T1D action, offered or
 * not, is lived by the TRUE person for `truthDays` from steady state on their starting settings, with the action
 * applied to their behaviour and without it, on one life the twin never saw (the same life key: the same meals,
 * sizes, counting errors and lapse draws in both arms; libs/twin misspecified-life.ts): "bolus every meal" gives the
 * boluses the person would have missed or given late with the meal; "pre-bolus" gives every on-time bolus 15 min
 * before the meal. The true changes of time in range and below 70 mg/dL (plasma glucose, Battelino et al. 2019's
 * metrics) stand beside the twin's predicted paired changes (mean over members, 10–90 %).
 * Not common to both arms: the person's reactions to their glucose (corrections, hypo treatments), the sensor noise
 * and the plant's per-meal absorption are drawn from streams consumed as things happen, so once the arms' glucose
 * differs (a hypo treated in one arm only) those draws differ. One life's paired difference is therefore noisy (on a
 * tuning person, TIR changes of −1.1 to +5.6 points over six lives): the true change of a person is the mean paired
 * difference over `lives` lives (each its own key), the person's expected effect, as the twin's mean over members is.
 */
import { frozenTwinView, type BehaviourOptions } from '@shuji/twin';
import { blockBootstrap, type BootstrapInterval } from '@shuji/stats';
import { liveOn, cohortOf, setUpPerson, type ArmOutcome, type ValidationCohortOptions } from '../../validation/t1d-validation-persons';
import { defaultWhatIfRegistry } from '../../whatif/default-what-if-registry';
import { PLAN_PRE_BOLUS_MIN } from '../../whatif/t1d/t1d-plan';
import type { Distribution } from '../../whatif/summarise-outcomes';
import { buildHealthPlan, HEALTH_PLAN_SEED } from '../build-health-plan';

/** Each T1D action's change to the true person's behaviour (an action without one here fails the validation). */
export const TRUTH_OF_ACTION: Readonly<Record<string, BehaviourOptions>> = {
  'bolus-every-meal': { bolusLapses: 'none' },
  'pre-bolus': { bolusLeadMin: PLAN_PRE_BOLUS_MIN },
};
export const VALIDATED_ACTIONS = Object.keys(TRUTH_OF_ACTION);

/** A true change of time in range this large (points) is a benefit worth an action (missed-benefit count). */
export const MATERIAL_TIR_GAIN_POINTS = 1;

export interface HealthPlanValidationOptions extends ValidationCohortOptions {
  readonly truthDays?: number;
  /** Lives per person, each lived with and without every action (default 8). */
  readonly lives?: number;
}

export interface ActionOutcome {
  readonly id: string;
  /** Whether the plan simulated it (the log called for it) and whether it offered it; the reason when not. */
  readonly simulated: boolean;
  readonly offered: boolean;
  readonly reason: string | null;
  /** The twin's paired changes (points), null when not simulated. */
  readonly predicted: { readonly tir: Distribution; readonly tbr70: Distribution } | null;
  /** The true person's 14 days with the action (mean over the lives). */
  readonly truth: ArmOutcome;
  readonly trueTirChange: number;
  readonly trueTbr70Change: number;
  /** True TIR raised and true time below 70 not raised. */
  readonly helped: boolean;
}

export interface PersonPlanResult {
  readonly patientId: string;
  readonly baseSubject: string;
  readonly start: { readonly basalFactor: number; readonly carbRatioFactor: number };
  readonly headline: string;
  /** The true person's 14 days on their starting settings and habits (mean over the lives). */
  readonly truthWithout: ArmOutcome;
  readonly actions: readonly ActionOutcome[];
  readonly cpuMs: number;
}

export interface ActionSummary {
  readonly id: string;
  readonly persons: number;
  readonly simulated: number;
  readonly offered: number;
  /** Of the offered: true TIR raised without raising true time below 70. */
  readonly offeredHelped: number;
  /** Mean true changes over the persons it was offered to (null under 2). */
  readonly offeredTirChange: BootstrapInterval | null;
  readonly offeredTbr70Change: BootstrapInterval | null;
  /** Mean true changes over every person (the action lived whether offered or not; null under 2 persons). */
  readonly allTirChange: BootstrapInterval | null;
  readonly allTbr70Change: BootstrapInterval | null;
  /** Predicted − true mean TIR change over the simulated persons, its mean absolute value, and the share of true changes inside the predicted 10–90 %. */
  readonly calibration: { readonly n: number; readonly meanError: number; readonly meanAbsoluteError: number; readonly withinQ10Q90: number; readonly tbr70MeanError: number } | null;
  /** Not offered (or not simulated) though it would have helped: TIR raised, TBR<70 not raised; and with TIR raised ≥ MATERIAL_TIR_GAIN_POINTS. */
  readonly missedBenefit: number;
  readonly missedMaterialBenefit: number;
}

export interface HealthPlanValidation {
  readonly lives: number;
  readonly role: ValidationCohortOptions['role'];
  readonly truth: ValidationCohortOptions['truth'];
  readonly persons: readonly PersonPlanResult[];
  readonly actions: readonly ActionSummary[];
  readonly cpuMs: number;
}

export async function validateHealthPlan(options: HealthPlanValidationOptions, onPerson?: (p: PersonPlanResult) => void): Promise<HealthPlanValidation> {
  const truthDays = options.truthDays ?? 14;
  const lives = options.lives ?? 8;
  const { positions, perSubject } = cohortOf(options);
  const registry = defaultWhatIfRegistry();
  const started = process.cpuUsage();
  const persons: PersonPlanResult[] = [];
  for (const [n, position] of positions.entries()) {
    const personCpu = process.cpuUsage();
    const { person, start, behaviour, twin, basalFactor, carbRatioFactor } = setUpPerson(options, n, position, perSubject);
    const differences = new Map<string, Readonly<Record<string, Distribution>>>();
    const plan = await buildHealthPlan(frozenTwinView(twin), registry, {
      seed: HEALTH_PLAN_SEED,
      utcOffsetMin: 0,
      onSimulated: (component, id, difference) => {
        if (component === 't1d-glucose') differences.set(id, difference);
      },
    });
    for (const id of differences.keys()) if (!(id in TRUTH_OF_ACTION)) throw new Error(`action ${id}: the validation has no truth behaviour for it (TRUTH_OF_ACTION)`);
    const live = (extra: BehaviourOptions): ArmOutcome => {
      const arms = Array.from({ length: lives }, (_, l) => liveOn(person, start, truthDays, { ...behaviour, ...extra }, `plan-evaluation-${l}`));
      return { tir: mean(arms.map((a) => a.tir)), tbr70: mean(arms.map((a) => a.tbr70)), tbr54: mean(arms.map((a) => a.tbr54)) };
    };
    const truthWithout = live({});
    const actions = VALIDATED_ACTIONS.map((id): ActionOutcome => {
      const truth = live(TRUTH_OF_ACTION[id]);
      const d = differences.get(id);
      const offered = plan.actions.some((a) => a.id === id);
      const trueTirChange = truth.tir - truthWithout.tir;
      const trueTbr70Change = truth.tbr70 - truthWithout.tbr70;
      return {
        id,
        simulated: d !== undefined,
        offered,
        reason: offered ? null : (plan.not_offered.find((x) => x.id === id)?.reason ?? 'not suggested: the log does not call for it'),
        predicted: d === undefined ? null : { tir: d.time_in_range, tbr70: d.time_below_70 },
        truth,
        trueTirChange,
        trueTbr70Change,
        helped: trueTirChange > 0 && trueTbr70Change <= 0,
      };
    });
    const used = process.cpuUsage(personCpu);
    const result: PersonPlanResult = {
      patientId: person.patientId,
      baseSubject: person.baseSubject,
      start: { basalFactor, carbRatioFactor },
      headline: plan.headline,
      truthWithout,
      actions,
      cpuMs: (used.user + used.system) / 1000,
    };
    persons.push(result);
    onPerson?.(result);
  }
  const used = process.cpuUsage(started);
  return { lives, role: options.role, truth: options.truth, persons, actions: VALIDATED_ACTIONS.map((id) => summariseAction(id, persons)), cpuMs: (used.user + used.system) / 1000 };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const meanOf =
  (f: (a: ActionOutcome) => number) =>
  (sample: readonly ActionOutcome[]): number =>
    mean(sample.map(f));

/** One action's figures over the persons (pure: the spec checks it on made-up outcomes). */
export function summariseAction(id: string, persons: readonly PersonPlanResult[]): ActionSummary {
  const all = persons.map((p) => {
    const a = p.actions.find((x) => x.id === id);
    if (a === undefined) throw new RangeError(`${p.patientId}: no outcome for action ${id}`);
    return a;
  });
  const offered = all.filter((a) => a.offered);
  const simulated = all.filter((a) => a.simulated);
  const interval = (sample: readonly ActionOutcome[], f: (a: ActionOutcome) => number): BootstrapInterval | null => (sample.length < 2 ? null : blockBootstrap(sample, meanOf(f)));
  const tir = (a: ActionOutcome): number => a.trueTirChange;
  const tbr = (a: ActionOutcome): number => a.trueTbr70Change;
  const predicted = (a: ActionOutcome) => a.predicted!;
  return {
    id,
    persons: all.length,
    simulated: simulated.length,
    offered: offered.length,
    offeredHelped: offered.filter((a) => a.helped).length,
    offeredTirChange: interval(offered, tir),
    offeredTbr70Change: interval(offered, tbr),
    allTirChange: interval(all, tir),
    allTbr70Change: interval(all, tbr),
    calibration:
      simulated.length === 0
        ? null
        : {
            n: simulated.length,
            meanError: mean(simulated.map((a) => predicted(a).tir.mean - a.trueTirChange)),
            meanAbsoluteError: mean(simulated.map((a) => Math.abs(predicted(a).tir.mean - a.trueTirChange))),
            withinQ10Q90: mean(simulated.map((a) => (a.trueTirChange >= predicted(a).tir.q10 && a.trueTirChange <= predicted(a).tir.q90 ? 1 : 0))),
            tbr70MeanError: mean(simulated.map((a) => predicted(a).tbr70.mean - a.trueTbr70Change)),
          },
    missedBenefit: all.filter((a) => !a.offered && a.helped).length,
    missedMaterialBenefit: all.filter((a) => !a.offered && a.helped && a.trueTirChange >= MATERIAL_TIR_GAIN_POINTS).length,
  };
}
