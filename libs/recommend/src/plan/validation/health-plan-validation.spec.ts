import { describe, expect, it } from 'vitest';
import { summariseAction, TRUTH_OF_ACTION, type ActionOutcome, type PersonPlanResult } from './health-plan-validation';
import { t1dPlanSuggestions } from '../../whatif/t1d/t1d-plan';

const arm = { tir: 70, tbr70: 2, tbr54: 0.5 };
const spread = (mean: number) => ({ mean, q10: mean - 1, q50: mean, q90: mean + 1 });

function outcome(id: string, offered: boolean, tir: number, tbr70: number, predictedTir: number | null): ActionOutcome {
  return {
    id,
    simulated: predictedTir !== null,
    offered,
    reason: offered ? null : 'r',
    predicted: predictedTir === null ? null : { tir: spread(predictedTir), tbr70: spread(0) },
    truth: { tir: arm.tir + tir, tbr70: arm.tbr70 + tbr70, tbr54: arm.tbr54 },
    trueTirChange: tir,
    trueTbr70Change: tbr70,
    helped: tir > 0 && tbr70 <= 0,
  };
}
const person = (i: number, a: ActionOutcome): PersonPlanResult => ({
  patientId: `p${i}`,
  baseSubject: 's',
  start: { basalFactor: 1, carbRatioFactor: 1 },
  headline: 'h',
  truthWithout: arm,
  actions: [a],
  cpuMs: 0,
});

describe(summariseAction.name, () => {
  it('should count offers and benefits, average the true changes, and compare the predicted change with the true one', () => {
    const persons = [
      person(0, outcome('a', true, 2, -0.1, 2.5)), // offered, helped, true inside the predicted 10–90 %
      person(1, outcome('a', true, 1, 0.3, 3)), // offered, TBR<70 raised: not helped; true outside
      person(2, outcome('a', false, 1.5, 0, -0.2)), // not offered, would have helped materially
      person(3, outcome('a', false, 0.5, -0.2, null)), // not simulated, would have helped a little
    ];
    const sut = summariseAction('a', persons);
    expect(sut).toMatchObject({ id: 'a', persons: 4, simulated: 3, offered: 2, offeredHelped: 1, missedBenefit: 2, missedMaterialBenefit: 1 });
    expect(sut.offeredTirChange!.estimate).toBeCloseTo(1.5, 12);
    expect(sut.offeredTbr70Change!.estimate).toBeCloseTo(0.1, 12);
    expect(sut.allTirChange!.estimate).toBeCloseTo(1.25, 12);
    expect(sut.allTirChange!.lower).toBeLessThanOrEqual(1.25);
    expect(sut.allTirChange!.upper).toBeGreaterThanOrEqual(1.25);
    // predicted − true: +0.5, +2, −1.7 over the three simulated persons
    expect(sut.calibration!.n).toBe(3);
    expect(sut.calibration!.meanError).toBeCloseTo(0.8 / 3, 12);
    expect(sut.calibration!.meanAbsoluteError).toBeCloseTo(4.2 / 3, 12);
    expect(sut.calibration!.withinQ10Q90).toBeCloseTo(1 / 3, 12);
    expect(sut.calibration!.tbr70MeanError).toBeCloseTo(-(-0.1 + 0.3 + 0) / 3, 12);
  });

  it('should give no interval under two offers and no calibration without a simulation, and refuse a person without the action', () => {
    const sut = summariseAction('a', [person(0, outcome('a', true, 1, 0, null)), person(1, outcome('a', false, -1, 0, null))]);
    expect(sut.offeredTirChange).toBeNull();
    expect(sut.calibration).toBeNull();
    expect(() => summariseAction('b', [person(0, outcome('a', true, 1, 0, null))])).toThrow(/no outcome for action b/);
  });
});

describe('TRUTH_OF_ACTION', () => {
  it('should give the truth a behaviour for every action the T1D plan can suggest', () => {
    // a log with lapses suggests both (the lapse action needs ≥ 6 meals, a quarter of them unbolused)
    const day = 86_400_000;
    const events = Array.from({ length: 8 }, (_, i) => [
      { kind: 'meal' as const, id: `m${i}`, patientId: 'p', timeMs: i * day, carbsG: 50 },
      ...(i % 4 === 0 ? [] : [{ kind: 'insulin-bolus' as const, id: `b${i}`, patientId: 'p', timeMs: i * day, units: 5 }]),
    ]).flat();
    const ids = t1dPlanSuggestions({ patientId: 'p', component: undefined as never, ensemble: [], events, currentTimeMs: 8 * day }, 8 * day).map((s) => s.id);
    expect(ids).toEqual(['bolus-every-meal', 'pre-bolus']);
    expect(Object.keys(TRUTH_OF_ACTION).sort()).toEqual([...ids].sort());
  });
});
