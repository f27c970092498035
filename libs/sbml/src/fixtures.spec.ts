import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, type ModelSpec } from '@shuji/models';
import { dopri5, solve } from '@shuji/ode';
import { describe, expect, it } from 'vitest';
import { importSbml } from './import/import-sbml';
import { simulateSbml } from './simulate/simulate-sbml';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

describe('SBML physiology fixtures', () => {
  it('should match the Bateman function with a second dose when simulating oral-pk-one-compartment', () => {
    const sut = importSbml(fixture('oral-pk-one-compartment.xml'));
    const result = simulateSbml(sut, { duration: 24, steps: 96, variables: ['C', 'A_gut'] });
    const [ka, ke, V, FD] = [1.2, 0.15, 35, 400];
    const bateman = (t: number): number => (t < 0 ? 0 : ((FD * ka) / (V * (ka - ke))) * (Math.exp(-ke * t) - Math.exp(-ka * t)));
    const gut = (t: number): number => FD * Math.exp(-ka * t) + (t >= 12 ? FD * Math.exp(-ka * (t - 12)) : 0);
    let worst = 0;
    result.time.forEach((t, k) => {
      const exact = bateman(t) + bateman(t - 12);
      worst = Math.max(worst, Math.abs(result.values[k][0] - exact) / Math.max(exact, 1e-3));
      expect(result.values[k][1]).toBeCloseTo(gut(t), 6);
    });
    expect(result.stats.events).toBe(1);
    // Tolerance: the integrator runs at rtol 1e-10; 1e-7 relative leaves room for the event location.
    expect(worst).toBeLessThan(1e-7);
  });

  it('should match the biexponential solution when simulating iv-pk-two-compartment', () => {
    const sut = importSbml(fixture('iv-pk-two-compartment.xml'));
    const result = simulateSbml(sut, { duration: 48, steps: 48, variables: ['C1', 'C2'], amounts: ['C2'] });
    const [D, V1, V2, CL, Q] = [100, 12, 30, 3, 6];
    const [k10, k12, k21] = [CL / V1, Q / V1, Q / V2];
    const s = k10 + k12 + k21;
    const alpha = (s + Math.sqrt(s * s - 4 * k21 * k10)) / 2;
    const beta = (s - Math.sqrt(s * s - 4 * k21 * k10)) / 2;
    const c1 = (t: number): number => (D / V1) * (((alpha - k21) / (alpha - beta)) * Math.exp(-alpha * t) + ((k21 - beta) / (alpha - beta)) * Math.exp(-beta * t));
    // Peripheral amount: A2 = D k12 / (alpha - beta) (exp(-beta t) - exp(-alpha t)) (Gibaldi & Perrier eq. 2.14).
    const a2 = (t: number): number => ((D * k12) / (alpha - beta)) * (Math.exp(-beta * t) - Math.exp(-alpha * t));
    result.time.forEach((t, k) => {
      expect(Math.abs(result.values[k][0] - c1(t))).toBeLessThan(1e-8 * (D / V1));
      expect(Math.abs(result.values[k][1] - a2(t))).toBeLessThan(1e-8 * D);
    });
  });

  it('should match a hand-written ModelSpec solved by @shuji/ode when simulating bergman-minimal-model', () => {
    const spec: ModelSpec = {
      id: 'bergman-minimal-reference',
      name: 'Bergman minimal model (reference for the SBML fixture)',
      version: '1',
      citations: [{ reference: 'Bergman RN, Ider YZ, Bowden CR, Cobelli C. Am J Physiol 1979;236(6):E667-77.' }],
      timeUnit: 'min',
      states: [
        { name: 'G', unit: 'mg/dL', initial: 280 },
        { name: 'X', unit: '1/min', initial: 0 },
      ],
      parameters: [
        { name: 'p1', unit: '1/min', default: 0.03 },
        { name: 'p2', unit: '1/min', default: 0.02 },
        { name: 'p3', unit: '1/min2', default: 1.3e-5 },
        { name: 'Gb', unit: 'mg/dL', default: 90 },
        { name: 'Ib', unit: 'u[IU]/mL', default: 10 },
        { name: 'I0', unit: 'u[IU]/mL', default: 100 },
        { name: 'n', unit: '1/min', default: 0.14 },
      ],
      assignments: [{ name: 'I', expression: 'Ib + (I0 - Ib) * exp(-n * t)' }],
      equations: { G: '-(p1 + X) * G + p1 * Gb', X: '-p2 * X + p3 * (I - Ib)' },
    };
    const reference = compileModel(spec);
    const p = reference.defaultParameters();
    const ref = solve({ f: reference.f, y0: reference.initialState(p), tspan: [0, 180], p, u: reference.defaultInputs() }, dopri5(), {
      rtol: 1e-10,
      atol: 1e-12,
      saveAt: 5,
    });
    const sut = simulateSbml(importSbml(fixture('bergman-minimal-model.xml')), { duration: 180, steps: 36, variables: ['G', 'X', 'I'] });
    expect(ref.t.length).toBe(sut.time.length);
    sut.time.forEach((t, k) => {
      expect(ref.t[k]).toBeCloseTo(t, 12);
      // Both solvers run at rtol 1e-10: agreement to 1e-7 relative in G, 1e-9 absolute in X (order 1e-2).
      expect(Math.abs(sut.values[k][0] - ref.y[k * 2]) / ref.y[k * 2]).toBeLessThan(1e-7);
      expect(Math.abs(sut.values[k][1] - ref.y[k * 2 + 1])).toBeLessThan(1e-9);
      expect(sut.values[k][2]).toBeCloseTo(10 + 90 * Math.exp(-0.14 * t), 10);
    });
    // The model does what it should: glucose returns towards basal from 280 mg/dL.
    expect(sut.values[36][0]).toBeLessThan(120);
  });
});

describe('BioModels BIOMD0000000379 (Dalla Man 2007 meal model, SBML Level 2 version 4)', () => {
  const sut = importSbml(fixture('biomodels/BIOMD0000000379.xml'));
  const result = simulateSbml(sut, { duration: 420, steps: 840, variables: ['G', 'I', 'Ra', 'Q_sto', 'Q_gut', 'EGP'] });
  const column = (id: string): number[] => result.values.map((row) => row[result.columns.indexOf(id)]);

  it('should conserve the meal: ∫Ra dt = f·(D − Q_sto − Q_gut)/BW (paper eqs. 10–13) when simulating 7 h', () => {
    const ra = column('Ra');
    let absorbed = 0;
    // Simpson's rule on the 0.5-min grid (840 intervals).
    for (let k = 0; k < 840; k += 2) absorbed += (0.5 / 3) * (ra[k] + 4 * ra[k + 1] + ra[k + 2]);
    const left = column('Q_sto')[840] + column('Q_gut')[840];
    expect(absorbed).toBeCloseTo((0.9 * (78000 - left)) / 78, 4);
    // 96 % of the glucose that can appear (f·D/BW = 900 mg/kg) has appeared by 7 h.
    expect(absorbed / 900).toBeGreaterThan(0.95);
  });

  it('should start at the basal state the file encodes and return near it after the meal', () => {
    const g = column('G');
    expect(g[0]).toBeCloseTo(178 / 1.88, 10); // G_p(0) / V_G
    expect(column('I')[0]).toBeCloseTo(25, 10); // I_p(0) / V_I = I_b
    expect(column('EGP')[0]).toBeCloseTo(1.87872, 10); // k_p1 − k_p2·G_p − k_p3·I_d − k_p4·I_po (paper eq. 2)
    // Measured 2026-12-03: glucose peaks at 163.9 mg/dL at 70 min, insulin at 259 pmol/L at 84 min, Ra at 7.15
    // mg/kg/min at 20 min; 91.3 mg/dL at 420 min. Not compared with the paper's Fig. 5 (no figure data here).
    const peak = Math.max(...g);
    expect(peak).toBeGreaterThan(g[0]);
    expect(Math.abs(g[840] - 95) / 95).toBeLessThan(0.05);
  });
});
