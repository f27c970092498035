import { describe, expect, it } from 'vitest';
import { compileModel } from '../../spec/compile';
import { simulate } from '../../simulate/simulate';
import { parseScenario } from '../../simulate/scenario';
import type { ScheduleItem } from '../../simulate/simulation-request';
import { AMLODIPINE_BP_MODEL } from './amlodipine-bp.model';
import { amlodipineBpRegistration } from './amlodipine-bp.registration';

const sut = compileModel(AMLODIPINE_BP_MODEL);
const DAY = 24;

function schedule(doses: { t_min: number; amount: number }[], parameters = sut.defaultParameters()): ScheduleItem[] {
  return amlodipineBpRegistration.scenarioToSchedule(parseScenario({ duration_min: 60 * 1440, doses }), {
    model: sut,
    parameters,
    minutesPerTimeUnit: 60,
  });
}
const daily = (mg: number, days: number): { t_min: number; amount: number }[] =>
  Array.from({ length: days }, (_, d) => ({ t_min: d * 1440, amount: mg }));

describe('amlodipine-bp', () => {
  it('should peak 6–8 h after a 10 mg tablet (Meredith & Elliott 1992; ka was calibrated to this window)', () => {
    const result = simulate(sut, { duration: 48, reportEvery: 0.1, schedule: schedule([{ t_min: 0, amount: 10 }]), rtol: 1e-9, atol: 1e-9 });
    const C = result.column('amlodipine');
    const k = C.reduce((best, c, i) => (c > C[best] ? i : best), 0);
    expect(result.times[k]).toBeGreaterThanOrEqual(6);
    expect(result.times[k]).toBeLessThanOrEqual(8);
  });

  it('should show the 34 h i.v. terminal half-life (Abernethy 1989) in the oral profile (33.5–34.5 h)', () => {
    // A consistency check of CL = ln 2·Vss/t½ (derived, not independent); oral studies report 31–50 h.
    const result = simulate(sut, { duration: 240, reportEvery: 1, schedule: schedule([{ t_min: 0, amount: 10 }]), rtol: 1e-10, atol: 1e-12 });
    const C = result.column('amlodipine');
    const halfLife = (Math.LN2 * (240 - 96)) / Math.log(C[96] / C[240]);
    expect(halfLife).toBeGreaterThan(33.5);
    expect(halfLife).toBeLessThan(34.5);
  });

  it('should conserve drug: depot + central + peripheral + eliminated = F·dose (rel. 1e-8), and AUC = F·dose/CL (rel. 1e-3)', () => {
    const result = simulate(sut, { duration: 1000, reportEvery: 0.5, schedule: schedule([{ t_min: 0, amount: 10 }]), rtol: 1e-10, atol: 1e-12 });
    const total = ['depot', 'central', 'peripheral', 'eliminated'].map((s) => result.column(s));
    result.times.forEach((_, k) => {
      const sum = total.reduce((acc, col) => acc + col[k], 0);
      expect(Math.abs(sum - 6400) / 6400).toBeLessThan(1e-8);
    });
    const C = result.column('amlodipine');
    let auc = 0;
    for (let k = 1; k < C.length; k++) auc += ((C[k] + C[k - 1]) / 2) * 0.5;
    expect(Math.abs(auc - 6400 / 29.97) / auc).toBeLessThan(1e-3);
  });

  it('should reach steady state within 7–8 days of once-daily dosing, with small peak–trough fluctuation', () => {
    // 7–8 days: Swiss product information (compendium) and Meredith & Elliott 1992; the trough on day 8 is
    // within 5 % of the day-29 trough. Fluctuation bound (< 60 % of Cavg) encodes their "relatively small".
    const result = simulate(sut, { duration: 30 * DAY, reportEvery: 1, schedule: schedule(daily(5, 30)), rtol: 1e-9, atol: 1e-9 });
    const C = result.column('amlodipine');
    const trough = (day: number): number => C[day * DAY]; // just before the dose of that day
    expect(trough(8) / trough(29)).toBeGreaterThan(0.95);
    expect(trough(3) / trough(29)).toBeLessThan(0.9);
    const lastDay = Array.from(C.subarray(29 * DAY, 30 * DAY + 1));
    const cavg = 3200 / (29.97 * 24);
    expect((Math.max(...lastDay) - Math.min(...lastDay)) / cavg).toBeLessThan(0.6);
  });

  it('should lower SBP by 3.1 mmHg per ng/mL at therapeutic concentrations (Donnelly 1993), ≈ −13.8 mmHg on 5 mg/day', () => {
    const result = simulate(sut, { duration: 30 * DAY, reportEvery: 0.5, schedule: schedule(daily(5, 30)), rtol: 1e-9, atol: 1e-9 });
    const C = result.column('amlodipine');
    const dSBP = result.column('sbpChange');
    const SBP = result.column('systolicBP');
    for (let k = 100; k < C.length; k += 97) {
      expect(dSBP[k] / C[k]).toBeCloseTo(-3.1 * (10000 / (10000 + C[k])), 10);
      expect(SBP[k]).toBeCloseTo(160 + dSBP[k], 10);
    }
    // mean over the last dosing interval: −slope · F·D/(CL·τ) = −3.1 · 4.45 ng/mL, within 0.5 %
    const from = 29 * DAY * 2;
    let mean = 0;
    for (let k = from + 1; k <= from + DAY * 2; k++) mean += (dSBP[k] + dSBP[k - 1]) / 2 / (DAY * 2);
    const expected = -3.1 * (3200 / (29.97 * 24));
    expect(Math.abs(mean - expected) / Math.abs(expected)).toBeLessThan(5e-3);
  });

  it('should shift doses by tlag and scale them by F', () => {
    const p = sut.defaultParameters();
    p[sut.parameterIndex('tlag')] = 1.5;
    expect(schedule([{ t_min: 120, amount: 5 }], p)).toEqual([{ kind: 'add-to-state', t: 3.5, state: 'depot', amount: 3200 }]);
  });
});
