import { describe, expect, it } from 'vitest';
import { compileModel } from '../../spec/compile';
import { simulate } from '../../simulate/simulate';
import { parseScenario } from '../../simulate/scenario';
import { HOVORKA_2004_MODEL } from './hovorka-2004.model';
import { GLUCOSE_G_PER_MOL, hovorka2004Registration } from './hovorka-2004.registration';

const sut = compileModel(HOVORKA_2004_MODEL);
const defaults = sut.defaultParameters();
const p = (name: string): number => defaults[sut.parameterIndex(name)];
const argmax = (xs: Float64Array): number => xs.reduce((best, x, k) => (x > xs[best] ? k : best), 0);

describe('hovorka-2004', () => {
  it('should start in the closed-form basal steady state and stay there for 24 h (rel. 1e-7)', () => {
    const result = simulate(sut, { duration: 1440, reportEvery: 1440, rtol: 1e-10, atol: 1e-12 });
    const n = sut.stateNames.length;
    for (let i = 0; i < n; i++) {
      const start = result.states[i];
      const end = result.states[n + i];
      expect(Math.abs(end - start)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(start)));
    }
    // Table 1 values with ub = 6.68 mU/min for 70 kg: I = ub/(ke·VI·BW) and the Q1 closed form give G ≈ 5.0 mmol/L
    expect(result.column('insulin')[0]).toBeCloseTo(6.68 / (0.138 * 0.12 * 70), 10);
    expect(result.column('glucose')[0]).toBeGreaterThan(4.9);
    expect(result.column('glucose')[0]).toBeLessThan(5.1);
  });

  it('should peak s.c. insulin absorption at tmaxI = 55 min and follow the analytic plasma insulin curve', () => {
    // Table 1 defines tmaxI as the time-to-maximum of absorption of s.c. short-acting insulin.
    const B = 5000; // 5 U
    const result = simulate(sut, {
      duration: 600,
      reportEvery: 1,
      parameters: { ub: 0 },
      initialState: { Q1: 5 * p('VG') * p('BW'), Q2: 0, S1: B, S2: 0, I: 0, x1: 0, x2: 0, x3: 0 },
      rtol: 1e-10,
      atol: 1e-10,
    });
    expect(argmax(result.column('insulinAbsorption'))).toBe(55);
    // I(t) = B/(V·tm²)·e^(−ke t)·(1 − e^(−a t)(1 + a t))/a², a = 1/tm − ke (convolution of the linear chain)
    const tm = p('tmaxI');
    const ke = p('ke');
    const V = p('VI') * p('BW');
    const a = 1 / tm - ke;
    const I = result.column('insulin');
    for (const t of [10, 30, 55, 90, 180, 360]) {
      const exact = ((B / (V * tm * tm)) * Math.exp(-ke * t) * (1 - Math.exp(-a * t) * (1 + a * t))) / (a * a);
      expect(Math.abs(I[t] - exact) / exact).toBeLessThan(1e-6);
    }
  });

  it('should peak gut absorption at tmaxG = 40 min and absorb AG = 80 % of a meal (mass balance 1e-6)', () => {
    const schedule = hovorka2004Registration.scenarioToSchedule(
      parseScenario({ duration_min: 1440, meals: [{ t_min: 0, carbs_g: 50 }] }),
      { model: sut, parameters: defaults, minutesPerTimeUnit: 1 },
    );
    const result = simulate(sut, { duration: 1440, reportEvery: 1, schedule, rtol: 1e-10, atol: 1e-10 });
    const UG = result.column('gutAbsorption');
    expect(argmax(UG)).toBe(40);
    // Simpson's rule for ∫UG dt on the 1-min grid (error ~ h⁴/(180·tmaxG⁴) ≈ 2e-9 relative) plus what is left in the gut
    let absorbed = UG[0] + UG[UG.length - 1];
    for (let k = 1; k < UG.length - 1; k++) absorbed += (k % 2 === 1 ? 4 : 2) * UG[k];
    absorbed /= 3;
    const last = UG.length - 1;
    const remaining = result.column('D1')[last] + result.column('D2')[last];
    const eaten = (50 * 1000) / GLUCOSE_G_PER_MOL;
    expect(Math.abs(absorbed + remaining - 0.8 * eaten) / eaten).toBeLessThan(1e-6);
  });

  it('should raise glucose above 9 mmol/L after an unbolused 60 g meal, and less with a 6 U bolus', () => {
    const run = (boluses: { t_min: number; units: number }[]): Float64Array => {
      const schedule = hovorka2004Registration.scenarioToSchedule(
        parseScenario({ duration_min: 600, meals: [{ t_min: 0, carbs_g: 60 }], boluses }),
        { model: sut, parameters: defaults, minutesPerTimeUnit: 1 },
      );
      return simulate(sut, { duration: 600, reportEvery: 5, schedule }).column('glucose');
    };
    const noBolus = run([]);
    const withBolus = run([{ t_min: 0, units: 6 }]);
    const peak = (g: Float64Array): number => Math.max(...g);
    expect(peak(noBolus)).toBeGreaterThan(9);
    expect(peak(withBolus)).toBeLessThan(peak(noBolus));
    expect(withBolus[withBolus.length - 1]).toBeLessThan(noBolus[noBolus.length - 1]);
  });
});
