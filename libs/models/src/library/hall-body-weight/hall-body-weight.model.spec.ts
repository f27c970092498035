import { describe, expect, it } from 'vitest';
import { compileModel } from '../../spec/compile';
import { simulate } from '../../simulate/simulate';
import type { SimulationResult } from '../../simulate/simulation-request';
import { HALL_BODY_WEIGHT_MODEL } from './hall-body-weight.model';
import { baselineIntake, hallBodyWeightRegistration } from './hall-body-weight.registration';
import { parseScenario } from '../../simulate/scenario';

const sut = compileModel(HALL_BODY_WEIGHT_MODEL);
const YEAR = 365;

/** Constant intake change from day 0, reported every `reportEvery` days. */
function run(deltaEI: number, years: number, parameters: Record<string, number> = {}, reportEvery = 1): SimulationResult {
  return simulate(sut, {
    duration: years * YEAR,
    reportEvery,
    parameters,
    schedule: [{ kind: 'set-input', t: 0, input: 'deltaEI', value: deltaEI }],
    rtol: 1e-9,
    atol: 1e-9,
  });
}

/** Weight change from baseline, the eventual change, and the years to reach 50 % and 95 % of it. */
function response(result: SimulationResult): { change: Float64Array; final: number; half: number; t95: number } {
  const bw = result.column('bodyWeight');
  const change = bw.map((w) => w - bw[0]);
  const final = change[change.length - 1];
  const firstDay = (fraction: number): number => change.findIndex((d) => Math.abs(d) >= fraction * Math.abs(final));
  return { change, final, half: firstDay(0.5) / YEAR, t95: firstDay(0.95) / YEAR };
}

describe('hall-body-weight', () => {
  it('should keep weight constant at the baseline intake (10 years, |ΔBW| < 1e-6 kg)', () => {
    const { change } = response(run(0, 10, {}, 30));
    expect(Math.max(...change.map(Math.abs))).toBeLessThan(1e-6);
  });

  it('should reproduce the Lancet 2011 rule of thumb: 100 kJ/d → ~1 kg, half in ~1 y, 95 % in ~3 y', () => {
    // Hall et al. Lancet 2011: for an average overweight adult, every 100 kJ/d change of intake leads to an
    // eventual weight change of about 1 kg, half of it in about 1 year and 95 % in about 3 years.
    // Default subject: man, 40 y, 175 cm, 90 kg (BMI 29.4). Tolerances: ±20 % on 1 kg; 0.5–1.5 y; 2–4.5 y.
    const { final, half, t95 } = response(run(-100, 20));
    expect(final).toBeGreaterThan(-1.2);
    expect(final).toBeLessThan(-0.8);
    expect(half).toBeGreaterThan(0.5);
    expect(half).toBeLessThan(1.5);
    expect(t95).toBeGreaterThan(2);
    expect(t95).toBeLessThan(4.5);
  });

  it('should lose far less than the static 3500 kcal/lb rule predicts after 3 years', () => {
    // The static rule: ΔBW = ΔEI·t / (3500 kcal/lb = 32.2 MJ/kg), the rule the Lancet paper shows overestimates.
    const { change } = response(run(-100, 3));
    const staticRule = (-100 * 3 * YEAR) / 32_200;
    expect(change[3 * YEAR] / staticRule).toBeLessThan(1 / 3);
  });

  it('should predict a larger and slower weight change for greater adiposity (Lancet 2011 abstract)', () => {
    const lean = response(run(-500, 20, { BW0: 70 }));
    const obese = response(run(-500, 20, { BW0: 120 }));
    expect(Math.abs(obese.final)).toBeGreaterThan(Math.abs(lean.final));
    expect(obese.half).toBeGreaterThan(lean.half);
  });

  it('should settle on the algebraic steady state: intake = expenditure with AT = βAT·ΔEI (residual < 1 kJ/d)', () => {
    const deltaEI = -2000;
    const result = run(deltaEI, 40, {}, 30);
    const last = result.times.length - 1;
    const F = result.column('F')[last];
    const L = result.column('L')[last];
    const AT = result.column('AT')[last];
    expect(AT).toBeCloseTo(0.14 * deltaEI, 6);
    // baseline intake recomputed independently: PAL · Mifflin–St Jeor RMR of the default man, kJ/d
    const EI0 = 1.6 * 4.184 * (9.99 * 90 + 6.25 * 175 - 4.92 * 40 + 5);
    expect(baselineIntake(sut, sut.defaultParameters())).toBeCloseTo(EI0, 8);
    expect(Math.abs(result.column('energyExpenditure')[last] - (EI0 + deltaEI))).toBeLessThan(1);
    expect(F + L).toBeCloseTo(result.column('bodyWeight')[last], 12);
  });

  it('should lose weight on a rise of PAL at the baseline intake, settling where expenditure meets the unchanged intake', () => {
    // deltaPAL moves only the activity cost δ = ((1 − βTEF)(PAL + ΔPAL) − 1)·RMR0/BW0 (Lancet 2011 appendix); K keeps
    // the baseline balance, so at rest EI0 = K + γF·F + γL·L + δ·BW with AT back at 0 (ΔEI = 0)
    const result = simulate(sut, {
      duration: 40 * YEAR,
      reportEvery: 30,
      schedule: [{ kind: 'set-input', t: 0, input: 'deltaPAL', value: 0.2 }],
      rtol: 1e-9,
      atol: 1e-9,
    });
    const last = result.times.length - 1;
    const bw = result.column('bodyWeight');
    expect(bw[last]).toBeLessThan(bw[0] - 5);
    const EI0 = baselineIntake(sut, sut.defaultParameters());
    expect(Math.abs(result.column('energyExpenditure')[last] - EI0)).toBeLessThan(1);
    expect(Math.abs(result.column('AT')[last])).toBeLessThan(1e-6);
    // the same person at deltaPAL 0 does not move (the default input)
    expect(Math.abs(run(0, 1).column('bodyWeight')[YEAR] - 90)).toBeLessThan(1e-6);
  });

  it('should map an intake dose (absolute kJ/d) to a step of deltaEI = amount − EI0 in model days', () => {
    const parameters = sut.defaultParameters();
    const EI0 = baselineIntake(sut, parameters);
    const schedule = hallBodyWeightRegistration.scenarioToSchedule(
      parseScenario({ duration_min: 1440 * 30, doses: [{ t_min: 1440 * 7, amount: 10_000 }] }),
      { model: sut, parameters, minutesPerTimeUnit: 1440 },
    );
    expect(schedule).toEqual([{ kind: 'set-input', t: 7, input: 'deltaEI', value: 10_000 - EI0 }]);
  });
});
