import { getCompiledModel, simulate } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { ensembleMean, ensembleSd } from '../assimilation/ensemble-kalman-filter';
import { DEFAULT_TWIN_SETTINGS, TwinEngine } from '../state/twin-engine';
import type { TwinEvent } from '../state/twin-event';
import { BodyWeightComponent } from './body-weight.component';
import { NO_INPUTS } from './known-inputs';
import { ObservationCodes } from './observation-codes';

const DAY_MIN = 1440;
const person = { sex: 'male', ageYears: 40, heightCm: 175, weightKg: 90, pal: 1.6 } as const;
/** A constant intake change: the OU's reversion switched off. */
const constantIntake = { tauDays: 1e15, sdKjPerDay: 1000 };

/** The Hall model alone (@shuji/models simulate, its own default solver) for the same person and schedule. */
function hallWeight(days: number, schedule: { t: number; input: string; value: number }[]): number {
  const result = simulate(getCompiledModel('hall-body-weight'), {
    duration: days,
    reportEvery: days,
    parameters: { BW0: 90, heightCm: 175, age: 40, male: 1, PAL: 1.6 },
    schedule: schedule.map((s) => ({ kind: 'set-input' as const, ...s })),
    rtol: 1e-9,
    atol: 1e-9,
  });
  const bw = result.column('bodyWeight');
  return bw[bw.length - 1];
}

/** A member exactly at the person's traits (the prior medians). */
function exactMember(sut: BodyWeightComponent, deltaEI: number): Float64Array {
  const [member] = sut.initialEnsemble(seededRandom('exact'), 1);
  member[4] = Math.log(90);
  member[5] = Math.log(1.6);
  member[6] = Math.log(175);
  member[7] = Math.log(40);
  member[8] = 1;
  member.set(sut.model.initialState(sut.parameters(member)), 0);
  member[3] = deltaEI;
  return member;
}

function weighings(patientId: string, kgs: readonly number[], everyDays: number): TwinEvent[] {
  return kgs.map((kg, k) => ({
    kind: 'observation',
    id: `w${k}`,
    patientId,
    timeMs: k * everyDays * DAY_MIN * 60_000,
    loinc: ObservationCodes.bodyWeight.loinc,
    value: kg,
    unit: 'kg',
  }));
}

describe(BodyWeightComponent.name, () => {
  it('should advance a member as the Hall model does under a constant intake change (1 year, < 5 g apart)', () => {
    const sut = new BodyWeightComponent({ person, intake: constantIntake });
    const member = exactMember(sut, -2000);
    sut.propagate([member], 0, 365 * DAY_MIN, NO_INPUTS, null);
    expect(Math.abs(sut.weight(member) - hallWeight(365, [{ t: 0, input: 'deltaEI', value: -2000 }]))).toBeLessThan(0.005);
    expect(sut.weight(member)).toBeLessThan(85);
  });

  it('should keep the weight at the baseline intake, and move the activity cost from a logged change of PAL', () => {
    const sut = new BodyWeightComponent({ person, intake: constantIntake });
    const still = exactMember(sut, 0);
    sut.propagate([still], 0, 200 * DAY_MIN, NO_INPUTS, null);
    expect(Math.abs(sut.weight(still) - 90)).toBeLessThan(1e-6);
    const active = exactMember(sut, 0);
    const activity = [
      { tMin: 0, pal: 1.6 },
      { tMin: 30.5 * DAY_MIN, pal: 1.8 },
    ];
    sut.propagate([active], 0, 200 * DAY_MIN, { ...NO_INPUTS, activity }, null);
    const expected = hallWeight(200, [{ t: 30.5, input: 'deltaPAL', value: 0.2 }]);
    expect(Math.abs(sut.weight(active) - expected)).toBeLessThan(0.005);
    expect(sut.weight(active)).toBeLessThan(89);
  });

  it('should start each member at its own baseline balance, weight spread by the prior', () => {
    const sut = new BodyWeightComponent({ person: {} });
    const members = sut.initialEnsemble(seededRandom('prior'), 400);
    const weights = members.map((m) => sut.weight(m));
    const logW = weights.map(Math.log);
    const mean = logW.reduce((s, x) => s + x, 0) / logW.length;
    const sd = Math.sqrt(logW.reduce((s, x) => s + (x - mean) ** 2, 0) / (logW.length - 1));
    expect(Math.exp(mean)).toBeGreaterThan(72);
    expect(Math.exp(mean)).toBeLessThan(88);
    expect(sd).toBeGreaterThan(0.2);
    expect(sd).toBeLessThan(0.3);
    for (const m of members) expect(sut.weight(m)).toBeCloseTo(Math.exp(m[4]), 9);
    const males = members.filter((m) => m[8] === 1).length;
    expect(males).toBeGreaterThan(160);
    expect(males).toBeLessThan(240);
  });

  it('should infer a fall of intake from a falling weight it was not told the cause of, and keep the traits it cannot learn', () => {
    const sut = new BodyWeightComponent({ person: { sex: 'female', ageYears: 50, heightCm: 165 } });
    // 0.5 kg a week down for 16 weeks, weighed weekly without noise
    const kgs = Array.from({ length: 17 }, (_, k) => 85 - 0.5 * k);
    const engine = TwinEngine.restore('p1', sut, { ...DEFAULT_TWIN_SETTINGS, maxGapMin: 30 * DAY_MIN }, weighings('p1', kgs, 7), undefined);
    const mean = ensembleMean(engine.ensemble);
    expect(sut.weight(mean)).toBeGreaterThan(76.5);
    expect(sut.weight(mean)).toBeLessThan(78.5);
    // ≈ 0.07 kg/d at ≈ 32 MJ/kg plus the fall of expenditure: a deficit of the order of 2–4 MJ/d
    expect(mean[3]).toBeLessThan(-1500);
    expect(mean[3]).toBeGreaterThan(-6000);
    // PAL and age are consider parameters: their spread is the prior's
    const prior = ensembleSd(sut.initialEnsemble(seededRandom('p1', 'genesis'), 64));
    expect(ensembleSd(engine.ensemble)[5]).toBeCloseTo(prior[5], 12);
  });

  it('should learn an unknown height from weight and BMI readings of the same days', () => {
    const sut = new BodyWeightComponent({ person: { sex: 'male' } });
    const events: TwinEvent[] = weighings('p2', new Array(8).fill(70), 7).flatMap((w) => [
      w,
      { ...w, id: `${w.id}-bmi`, loinc: ObservationCodes.bmi.loinc, value: 70 / 1.9 ** 2, unit: 'kg/m2' } as TwinEvent,
    ]);
    const engine = TwinEngine.restore('p2', sut, { ...DEFAULT_TWIN_SETTINGS, maxGapMin: 30 * DAY_MIN }, events, undefined);
    const heights = engine.ensemble.map((m) => sut.height(m));
    const mean = heights.reduce((s, x) => s + x, 0) / heights.length;
    expect(Math.abs(mean - 190)).toBeLessThan(3);
    expect(sut.observe(engine.ensemble[0], ObservationCodes.bodyHeight.loinc)).toBeCloseTo(heights[0], 12);
    expect(sut.observe(engine.ensemble[0], ObservationCodes.cgmGlucose.loinc)).toBeNull();
  });

  it('should project a member into physical bounds', () => {
    const sut = new BodyWeightComponent({ person });
    const member = exactMember(sut, -1e6);
    member[0] = -3;
    member[5] = Math.log(5);
    member[8] = 0.7;
    sut.project(member);
    expect(member[0]).toBe(0);
    expect(Math.exp(member[5])).toBeCloseTo(2.4, 12);
    expect(member[8]).toBe(1);
    // intake cannot be negative: ΔEI ≥ −EI0 (PAL 2.4 now)
    expect(member[3]).toBeLessThan(-10_000);
    expect(member[3]).toBeGreaterThan(-30_000);
    const tiny = exactMember(sut, 0);
    tiny[0] = 1;
    tiny[1] = 4;
    sut.project(tiny);
    expect(sut.weight(tiny)).toBeCloseTo(20, 9);
  });

  it('should restart around the current weight in balance, the other traits kept and the intake afresh', () => {
    const sut = new BodyWeightComponent({ person, intake: { tauDays: 1e15, sdKjPerDay: 0 } });
    const members = Array.from({ length: 200 }, () => exactMember(sut, -3000));
    sut.propagate(members, 0, 120 * DAY_MIN, NO_INPUTS, null);
    const now = sut.weight(members[0]);
    const restarted = sut.restart(members, seededRandom('restart'));
    const weights = restarted.map((m) => sut.weight(m));
    const mean = weights.reduce((s, x) => s + x, 0) / weights.length;
    const sd = Math.sqrt(weights.reduce((s, x) => s + (x - mean) ** 2, 0) / (weights.length - 1));
    // log-SD 0.05: SD ≈ 5 % of the weight, mean within 3 SE
    expect(Math.abs(mean - now)).toBeLessThan(3 * 0.05 * now / Math.sqrt(200));
    expect(sd / now).toBeGreaterThan(0.04);
    expect(sd / now).toBeLessThan(0.06);
    for (const [j, m] of restarted.entries()) {
      expect(Math.exp(m[4])).toBeCloseTo(weights[j], 9);
      expect(Array.from(m.subarray(5))).toEqual(Array.from(members[j].subarray(5)));
      expect(m[2]).toBe(0);
      expect(Math.abs(m[3])).toBe(0);
    }
    // with σ 0 a restarted member then stays put: it is in balance
    const before = sut.weight(restarted[0]);
    sut.propagate([restarted[0]], 0, 100 * DAY_MIN, NO_INPUTS, null);
    expect(Math.abs(sut.weight(restarted[0]) - before)).toBeLessThan(1e-6);
  });

  it('should redraw only the named parameters it knows, in log space within bounds', () => {
    const sut = new BodyWeightComponent({ person });
    const members = sut.initialEnsemble(seededRandom('redraw'), 200);
    const before = members.map((m) => Float64Array.from(m));
    const names = sut.redrawParameters(
      members,
      [
        { name: 'PAL', logMean: Math.log(1.9), logSd: 0.02 },
        { name: 'Vmx', logMean: 0, logSd: 0.1 },
      ],
      seededRandom('r'),
    );
    expect(names).toEqual(['PAL']);
    const pal = members.map((m) => Math.exp(m[5]));
    expect(pal.reduce((s, x) => s + x, 0) / pal.length).toBeCloseTo(1.9, 1);
    members.forEach((m, j) => expect(m[6]).toBe(before[j][6]));
  });

  it('should refuse a weight of 0 kg as implausible, and name a bad option', () => {
    const sut = new BodyWeightComponent();
    expect(sut.isPlausibleReading(ObservationCodes.bodyWeight.loinc, 0)).toBe(false);
    expect(sut.isPlausibleReading(ObservationCodes.bodyWeight.loinc, 64.2)).toBe(true);
    expect(() => new BodyWeightComponent({ weightNoiseSdKg: 0 })).toThrow(/weightNoiseSdKg/);
    expect(() => new BodyWeightComponent({ intake: { tauDays: 0, sdKjPerDay: 1 } })).toThrow(/intake/);
  });
});
