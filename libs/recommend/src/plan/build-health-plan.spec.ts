import { fhirR4SchemaErrors } from '@shuji/testing';
import { generateVirtualPatient, type TwinEngine, type TwinEvent } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { virtualT1dTwin } from '../whatif/t1d/testing/virtual-t1d-twin';
import { defaultWhatIfRegistry } from '../whatif/default-what-if-registry';
import type { PlanSuggestion, PlanTarget } from '../whatif/what-if-plugin';
import { buildHealthPlan, judgeSuggestion, targetStatus, type HealthPlan } from './build-health-plan';
import { healthPlanCarePlan } from './health-plan-fhir';

const target = (low: number | null, high: number | null, current: number | null): PlanTarget => ({
  id: 't',
  title: 'T',
  outcome: 'time_in_range',
  unit: '%',
  low,
  high,
  current,
  currentSource: 'CGM',
  source: 'S',
});
const spread = (mean: number, q50 = mean) => ({ mean, q10: mean - 1, q50, q90: mean + 1 });
const suggestion: PlanSuggestion = {
  id: 's',
  title: 'S',
  detail: 'D',
  changes: [],
  outcome: 'time_in_range',
  better: 'higher',
  guards: [{ outcome: 'time_below_70', maxIncrease: 0.25 }],
  source: 'X',
};

describe(targetStatus.name, () => {
  it('should say met inside the range (ends included), not met outside, no data without a value', () => {
    expect([targetStatus(target(70, null, 70)), targetStatus(target(70, null, 69.9)), targetStatus(target(null, 4, 4)), targetStatus(target(null, 4, 4.1)), targetStatus(target(70, null, null))]).toEqual([
      'met',
      'not-met',
      'met',
      'not-met',
      'no-data',
    ]);
  });
});

describe(judgeSuggestion.name, () => {
  it('should keep a gain on average and for most members, and name what stops the others', () => {
    expect(judgeSuggestion(suggestion, { time_in_range: spread(2), time_below_70: spread(0.2) }, '%')).toBeNull();
    expect(judgeSuggestion(suggestion, { time_in_range: spread(2, -0.1), time_below_70: spread(0) }, '%')).toMatch(/no gain for most/);
    expect(judgeSuggestion(suggestion, { time_in_range: spread(-1), time_below_70: spread(0) }, '%')).toMatch(/^predicted time in range −1\.0 points on average \(median −1\.0\)/);
    expect(judgeSuggestion(suggestion, { time_in_range: spread(3), time_below_70: spread(0.4) }, '%')).toMatch(/^time below 70 would rise by 0\.40 .*0\.25/);
    expect(judgeSuggestion({ ...suggestion, better: 'lower' }, { time_in_range: spread(-2), time_below_70: spread(0) }, '%')).toBeNull();
  });
});

describe(buildHealthPlan.name, () => {
  const registry = defaultWhatIfRegistry();
  const vp = generateVirtualPatient({ index: 3, days: 3, seed: 11 });
  const twinOf = (events: readonly TwinEvent[]): TwinEngine => virtualT1dTwin(vp, events);
  const boluses = vp.events.filter((e) => e.kind === 'insulin-bolus');
  let lapsing: TwinEngine;
  let plan: HealthPlan;
  beforeAll(async () => {
    // every second bolus missed: the log calls for "bolus for every meal"
    lapsing = twinOf(vp.events.filter((e) => e.kind !== 'insulin-bolus' || boluses.indexOf(e) % 2 === 0));
    plan = await buildHealthPlan(lapsing, registry, { seed: 1, utcOffsetMin: 0, threads: 1 });
  });

  it('should give the consensus targets with where the person stands from their own CGM', () => {
    expect(plan.targets.map((t) => t.id)).toEqual(['time-in-range', 'time-below-70', 'time-below-54', 'time-above-180', 'time-above-250', 'glucose-variability', 'gmi']);
    for (const t of plan.targets) {
      expect(t.component).toBe('t1d-glucose');
      expect(t.current).toBeTypeOf('number');
      expect(t.status).toBe(targetStatus(t));
    }
    expect(plan.targets[0].currentSource).toMatch(/^CGM, last 14 days \(\d+ readings, \d+ % of the period: under the 70 %/);
  });

  it('should offer the pre-bolus with its simulated gain, drop bolusing every meal where the twin predicts more lows than its guard allows, and be the same twice', async () => {
    // this log misses half its boluses while the glucose it shows had them all: the twin explains that by a higher
    // insulin sensitivity, so every bolus taken means more lows in it, and the guard on time below 70 stops the action
    const early = plan.actions.find((a) => a.id === 'pre-bolus');
    expect(early).toBeDefined();
    expect(early!.predicted.difference.mean).toBeGreaterThan(0);
    expect(early!.predicted.difference.q50).toBeGreaterThan(0);
    expect(early!.predicted.with_action.mean - early!.predicted.current.mean).toBeCloseTo(early!.predicted.difference.mean, 9);
    expect(early!.effect).toMatch(/^time in range \+\d+\.\d points over 14 days \(10–90 %: [+−]\d+\.\d to \+\d+\.\d\)$/);
    expect(plan.not_offered).toEqual([{ id: 'bolus-every-meal', component: 't1d-glucose', title: expect.any(String) as unknown, reason: expect.stringMatching(/^time below 70 would rise by \d+\.\d\d on average \(at most 0\.25 allowed\)$/) as unknown }]);
    expect(plan.headline).toMatch(/^\d of 7 targets with data met; 1 action predicted to help$/);
    expect(plan.applied).toBe(false);
    // the same again, with every simulated suggestion's differences reported, offered or not (the validation's hook)
    const simulated = new Map<string, Record<string, { mean: number }>>();
    const again = await buildHealthPlan(lapsing, registry, { seed: 1, utcOffsetMin: 0, threads: 1, onSimulated: (component, id, d) => simulated.set(`${component}/${id}`, d) });
    expect(again).toEqual(plan);
    expect([...simulated.keys()]).toEqual(['t1d-glucose/bolus-every-meal', 't1d-glucose/pre-bolus']);
    expect(simulated.get('t1d-glucose/pre-bolus')!.time_in_range).toEqual(early!.predicted.difference);
    expect(simulated.get('t1d-glucose/bolus-every-meal')!.time_below_70.mean).toBeGreaterThan(0.25);
  });

  it('should export a CarePlan with contained Goals that HL7’s R4 schema accepts, each action linked to the goal its outcome measures', () => {
    const sut = healthPlanCarePlan(plan, 'plan-1') as { contained: { achievementStatus?: unknown }[]; goal: unknown[]; activity?: { detail: { goal?: { reference: string }[]; description: string } }[] };
    expect(fhirR4SchemaErrors(sut)).toEqual([]);
    expect(sut).toMatchObject({ resourceType: 'CarePlan', status: 'draft', intent: 'proposal', subject: { reference: `Patient/${vp.patientId}` } });
    expect(sut.contained).toHaveLength(7);
    expect(sut.goal).toHaveLength(7);
    expect(sut.activity).toHaveLength(plan.actions.length);
    expect(sut.activity![0].detail.goal).toEqual([{ reference: '#goal-0' }]);
    expect(sut.activity![0].detail.description).toContain('Predicted by the digital twin: time in range +');
    // what it rests on, when the service that read the twin says so
    const rests = { twin_revision: 812, components: ['uva-padova-s2008@2008.1/twin.4'], observations: [{ loinc: '99504-3', count: 800, first: 'a', last: 'b' }] };
    const noted = healthPlanCarePlan({ ...plan, rests_on: rests }, 'plan-2') as { note: { text: string }[] };
    expect(noted.note[0].text).toContain('; revision 812 of uva-padova-s2008@2008.1/twin.4, fitted to 800 observations of LOINC 99504-3); ');
  });

  it('should keep the targets but offer nothing the twin cannot simulate, saying why', async () => {
    // meals logged, never a bolus: nothing to infer a carbohydrate ratio from
    const sut = await buildHealthPlan(twinOf(vp.events.filter((e) => e.kind !== 'insulin-bolus')), registry, { seed: 1, utcOffsetMin: 0, threads: 1 });
    expect(sut.targets).toHaveLength(7);
    expect(sut.actions).toEqual([]);
    expect(sut.not_offered.map((n) => n.id)).toEqual(['bolus-every-meal', 'pre-bolus']);
    expect(sut.not_offered[0].reason).toMatch(/^not simulated: current: .*carbohydrate ratio/);
  });

  it('should offer no action from a log without meals, saying why, and no lapse action without enough meals to tell', async () => {
    const sut = await buildHealthPlan(twinOf(vp.events.filter((e) => e.kind === 'observation')), registry, { seed: 1, utcOffsetMin: 0, threads: 1 });
    expect(sut.actions).toEqual([]);
    expect(sut.not_offered.map((n) => [n.id, n.reason.slice(0, 24)])).toEqual([['pre-bolus', 'not simulated: current: ']]);
    expect(sut.headline).toMatch(/no action is predicted to help yet$/);
  });
});
