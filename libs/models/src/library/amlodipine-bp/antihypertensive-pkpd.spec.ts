import { describe, expect, it } from 'vitest';
import {
  AMLODIPINE,
  antihypertensiveEffect,
  baselineScale,
  ec50Of,
  LISINOPRIL,
  oralConcentration,
  steadyStateAverage,
  type AntihypertensiveDrug,
} from './antihypertensive-pkpd';

const daily = (mg: number, days: number): { tH: number; mg: number }[] => Array.from({ length: days }, (_, d) => ({ tH: 24 * d, mg }));
const concentration = (drug: AntihypertensiveDrug, doses: { tH: number; mg: number }[], tH: number, cl = drug.clL_h): number =>
  oralConcentration(doses, tH, cl, drug.vL, drug.kaPerH);

/** Mean over the last dosing interval of day `days` (trapezoid, 0.1-h steps). */
function lastIntervalMean(f: (tH: number) => number, days: number): number {
  let sum = 0;
  const from = 24 * (days - 1);
  for (let k = 0; k < 240; k++) sum += (f(from + k * 0.1) + f(from + (k + 1) * 0.1)) / 2;
  return sum / 240;
}

describe('antihypertensive PK/PD', () => {
  it('should give an AUC of dose/(CL/F) after one dose (rel. 1e-3), for both drugs', () => {
    for (const drug of [AMLODIPINE, LISINOPRIL]) {
      let auc = 0;
      const step = 0.05;
      for (let t = 0; t < 2000; t += step) auc += ((concentration(drug, [{ tH: 0, mg: 10 }], t) + concentration(drug, [{ tH: 0, mg: 10 }], t + step)) / 2) * step;
      expect(Math.abs(auc - 10_000 / drug.clL_h) / auc, drug.name).toBeLessThan(1e-3);
    }
  });

  it('should peak 6–8 h after an amlodipine tablet (Meredith & Elliott 1992) with a 35–50 h terminal half-life (Swiss product information)', () => {
    const c = (t: number): number => concentration(AMLODIPINE, [{ tH: 0, mg: 10 }], t);
    let tmax = 0;
    for (let t = 0; t < 48; t += 0.1) if (c(t) > c(tmax)) tmax = t;
    expect(tmax).toBeGreaterThan(6);
    expect(tmax).toBeLessThan(8);
    const halfLife = (Math.LN2 * 100) / Math.log(c(100) / c(200));
    expect(halfLife).toBeGreaterThan(35);
    expect(halfLife).toBeLessThan(50);
  });

  it('should equal the ka = ke limit of the Bateman function when ka and ke coincide', () => {
    const ke = AMLODIPINE.clL_h / AMLODIPINE.vL;
    const limit = oralConcentration([{ tH: 0, mg: 5 }], 30, AMLODIPINE.clL_h, AMLODIPINE.vL, ke);
    const near = oralConcentration([{ tH: 0, mg: 5 }], 30, AMLODIPINE.clL_h, AMLODIPINE.vL, ke * (1 + 1e-6));
    expect(Math.abs(limit - near) / limit).toBeLessThan(1e-5);
  });

  it('should ignore doses at or after the time asked and reach the steady-state average D/(CL·τ) (rel. 1e-3)', () => {
    expect(concentration(LISINOPRIL, [{ tH: 10, mg: 10 }], 10)).toBe(0);
    for (const drug of [AMLODIPINE, LISINOPRIL]) {
      const mean = lastIntervalMean((t) => concentration(drug, daily(drug.standardDoseMg, 40), t), 40);
      expect(Math.abs(mean - steadyStateAverage(drug.standardDoseMg, 24, drug.clL_h)) / mean, drug.name).toBeLessThan(1e-3);
    }
  });

  it('should lower the typical person by Law 2003’s standard-dose figures at their steady-state average from 154/97 mmHg', () => {
    for (const drug of [AMLODIPINE, LISINOPRIL]) {
      const c = steadyStateAverage(drug.standardDoseMg, 24, drug.clL_h);
      expect(antihypertensiveEffect(drug, 'sbp', c, 1, 154)).toBeCloseTo(drug.standardEffect.sbp, 10);
      expect(antihypertensiveEffect(drug, 'dbp', c, 1, 97)).toBeCloseTo(drug.standardEffect.dbp, 10);
    }
    expect(AMLODIPINE.standardEffect).toEqual({ sbp: 8.8, dbp: 5.9 });
    expect(LISINOPRIL.standardEffect).toEqual({ sbp: 8.5, dbp: 4.7 });
  });

  it('should lower 20 % less at half the standard dose (Law 2003: 7.1 vs 9.1 mmHg)', () => {
    for (const drug of [AMLODIPINE, LISINOPRIL]) {
      const full = antihypertensiveEffect(drug, 'sbp', steadyStateAverage(drug.standardDoseMg, 24, drug.clL_h), 1, 154);
      const half = antihypertensiveEffect(drug, 'sbp', steadyStateAverage(drug.standardDoseMg / 2, 24, drug.clL_h), 1, 154);
      expect(half / full).toBeCloseTo(7.1 / 9.1, 2);
    }
  });

  it('should predict about −10 mmHg systolic on amlodipine 10 mg from 154 mmHg, not the −28 of the replaced model', () => {
    const effect = antihypertensiveEffect(AMLODIPINE, 'sbp', steadyStateAverage(10, 24, AMLODIPINE.clL_h), 1, 154);
    expect(effect).toBeGreaterThan(9.5);
    expect(effect).toBeLessThan(11);
  });

  it('should lower about 1.0/1.1 mmHg more per 10 mmHg higher pre-treatment pressure (Law 2003)', () => {
    const c = steadyStateAverage(5, 24, AMLODIPINE.clL_h);
    const sbpSlope = antihypertensiveEffect(AMLODIPINE, 'sbp', c, 1, 164) - antihypertensiveEffect(AMLODIPINE, 'sbp', c, 1, 154);
    const dbpSlope = antihypertensiveEffect(AMLODIPINE, 'dbp', c, 1, 107) - antihypertensiveEffect(AMLODIPINE, 'dbp', c, 1, 97);
    expect(sbpSlope).toBeGreaterThan(0.9);
    expect(sbpSlope).toBeLessThan(1.1);
    expect(dbpSlope).toBeGreaterThan(1.0);
    expect(dbpSlope).toBeLessThan(1.25);
  });

  it('should scale with sensitivity, vanish without drug and never raise pressure from a low baseline', () => {
    const c = ec50Of(LISINOPRIL);
    expect(antihypertensiveEffect(LISINOPRIL, 'sbp', c, 2, 154)).toBeCloseTo(2 * antihypertensiveEffect(LISINOPRIL, 'sbp', c, 1, 154), 12);
    expect(antihypertensiveEffect(LISINOPRIL, 'sbp', 0, 1, 154)).toBe(0);
    expect(baselineScale('sbp', 50)).toBe(0);
    expect(baselineScale('dbp', 97)).toBe(1);
  });
});
