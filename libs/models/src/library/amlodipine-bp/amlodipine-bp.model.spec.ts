import { describe, expect, it } from 'vitest';
import { compileModel } from '../../spec/compile';
import { simulate } from '../../simulate/simulate';
import { parseScenario } from '../../simulate/scenario';
import type { ScheduleItem } from '../../simulate/simulation-request';
import { AMLODIPINE_BP_MODEL } from './amlodipine-bp.model';
import { amlodipineBpRegistration } from './amlodipine-bp.registration';
import { AMLODIPINE, antihypertensiveEffect, oralConcentration } from './antihypertensive-pkpd';

const sut = compileModel(AMLODIPINE_BP_MODEL);
const DAY = 24;

function schedule(doses: { t_min: number; amount: number }[]): ScheduleItem[] {
  return amlodipineBpRegistration.scenarioToSchedule(parseScenario({ duration_min: 60 * 1440, doses }), {
    model: sut,
    parameters: sut.defaultParameters(),
    minutesPerTimeUnit: 60,
  });
}
const daily = (mg: number, days: number): { t_min: number; amount: number }[] =>
  Array.from({ length: days }, (_, d) => ({ t_min: d * 1440, amount: mg }));

describe('amlodipine-bp', () => {
  it('should integrate to the closed-form one-compartment concentrations of antihypertensive-pkpd (rel. 1e-6)', () => {
    const result = simulate(sut, { duration: 10 * DAY, reportEvery: 1, schedule: schedule(daily(5, 10)), rtol: 1e-10, atol: 1e-12 });
    const C = result.column('amlodipine');
    const doses = Array.from({ length: 10 }, (_, d) => ({ tH: d * DAY, mg: 5 }));
    for (let k = 5; k < C.length; k += 7) {
      const expected = oralConcentration(doses, result.times[k], AMLODIPINE.clL_h, AMLODIPINE.vL, AMLODIPINE.kaPerH);
      expect(Math.abs(C[k] - expected) / expected).toBeLessThan(1e-6);
    }
  });

  it('should conserve drug: depot + central + eliminated = 1000·dose µg (rel. 1e-8)', () => {
    const result = simulate(sut, { duration: 300, reportEvery: 1, schedule: schedule([{ t_min: 0, amount: 10 }]), rtol: 1e-10, atol: 1e-12 });
    const columns = ['depot', 'central', 'eliminated'].map((s) => result.column(s));
    result.times.forEach((_, k) => expect(Math.abs(columns.reduce((a, c) => a + c[k], 0) - 10_000) / 10_000).toBeLessThan(1e-8));
  });

  it('should lower SBP/DBP by Law 2003’s 8.8/5.9 mmHg (within 3 %) over a steady-state day of 5 mg from 154/97', () => {
    // the Emax acts on the instantaneous concentration, so the day's mean differs from the effect at Cavg by the
    // curvature over a small peak–trough swing
    const result = simulate(sut, { duration: 30 * DAY, reportEvery: 0.5, schedule: schedule(daily(5, 30)), rtol: 1e-9, atol: 1e-9 });
    const sbp = result.column('systolicBP');
    const dbp = result.column('diastolicBP');
    const mean = (x: Float64Array): number => x.subarray(29 * DAY * 2, 30 * DAY * 2).reduce((a, v) => a + v, 0) / (DAY * 2);
    expect(Math.abs(154 - mean(sbp) - 8.8) / 8.8).toBeLessThan(0.03);
    expect(Math.abs(97 - mean(dbp) - 5.9) / 5.9).toBeLessThan(0.03);
  });

  it('should lower more from a higher untreated pressure and scale with the person’s sensitivity, as antihypertensive-pkpd does', () => {
    const result = simulate(sut, { duration: 5 * DAY, reportEvery: 1, parameters: { SBP0: 174, sensitivity: 1.5 }, schedule: schedule(daily(10, 5)), rtol: 1e-10, atol: 1e-12 });
    const C = result.column('amlodipine');
    const change = result.column('sbpChange');
    for (let k = 10; k < C.length; k += 11) expect(change[k]).toBeCloseTo(-antihypertensiveEffect(AMLODIPINE, 'sbp', C[k], 1.5, 174), 8);
  });

  it('should refuse a route other than oral', () => {
    expect(() => amlodipineBpRegistration.scenarioToSchedule(parseScenario({ duration_min: 60, doses: [{ t_min: 0, amount: 5, route: 'iv' }] }), { model: sut, parameters: sut.defaultParameters(), minutesPerTimeUnit: 60 })).toThrow(/route/);
  });
});
