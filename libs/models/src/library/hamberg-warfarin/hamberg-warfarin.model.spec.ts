import { describe, expect, it } from 'vitest';
import { compileModel } from '../../spec/compile';
import { simulate } from '../../simulate/simulate';
import { runScenario } from '../../simulate/run-scenario';
import { parseScenario } from '../../simulate/scenario';
import type { ScheduleItem } from '../../simulate/simulation-request';
import { HAMBERG_WARFARIN_MODEL } from './hamberg-warfarin.model';
import { hambergWarfarinRegistration, warfarinSubjectName } from './hamberg-warfarin.registration';
import { parseCyp2c9Genotype, parseVkorc1Genotype, warfarinGenotypeParameters } from './warfarin-genotype.util';

const sut = compileModel(HAMBERG_WARFARIN_MODEL);
const DAY = 24;

/** Racemic oral doses of `mg` every 24 h for `days` days. */
function dailyDoses(mg: number, days: number): ScheduleItem[] {
  return Array.from({ length: days }, (_, d): ScheduleItem => ({ kind: 'add-to-state', t: d * DAY, state: 'Ad', amount: 0.5 * mg }));
}

describe('hamberg-warfarin', () => {
  it('should give the Hamberg 2007 Table 2 S-warfarin clearances by CYP2C9 genotype at age 71 (±0.0005 L/h)', () => {
    // CL = 0.314 L/h × (1 − reduction): *1/*2 −31.5 %, *1/*3 −45.3 %, *2/*2 −72.2 %, *2/*3 −69.0 %, *3/*3 −85.2 %
    const expected: Record<string, number> = {
      '*1/*1': 0.314,
      '*1/*2': 0.2151,
      '*1/*3': 0.1718,
      '*2/*2': 0.0873,
      '*2/*3': 0.0973,
      '*3/*3': 0.0465,
    };
    for (const [genotype, clearance] of Object.entries(expected)) {
      const result = simulate(sut, { duration: 1, parameters: { ...warfarinGenotypeParameters(genotype, 'G/G') } });
      expect(Math.abs(result.column('clearance')[0] - clearance)).toBeLessThan(5e-4);
    }
    // about 9 % lower per decade of age (0.91 %/year), Hamberg 2007 Results
    const older = simulate(sut, { duration: 1, parameters: { age: 81 } });
    expect(older.column('clearance')[0]).toBeCloseTo(0.314 * (1 - 0.091), 10);
  });

  it('should map VKORC1 genotypes to the Table 4 EC50 values and normalise genotype spellings', () => {
    expect(warfarinGenotypeParameters('*1/*1', 'G/G').EC50).toBe(4.61);
    expect(warfarinGenotypeParameters('*1/*1', 'A/G').EC50).toBe(3.02);
    expect(warfarinGenotypeParameters('*1/*1', 'A/A').EC50).toBe(2.2);
    expect(parseCyp2c9Genotype('CYP2C9*3/*1')).toBe('*1/*3');
    expect(parseCyp2c9Genotype('2/2')).toBe('*2/*2');
    expect(parseVkorc1Genotype('rs9923231 C/T')).toBe('G/A');
    expect(parseVkorc1Genotype('VKORC1 -1639 AA')).toBe('A/A');
    expect(() => parseCyp2c9Genotype('*4/*1')).toThrow(/CYP2C9 genotype "\*4\/\*1"/);
    expect(() => parseVkorc1Genotype('X')).toThrow(/VKORC1/);
  });

  it('should conserve S-warfarin mass: depot + central + peripheral + eliminated = dose (rel. 1e-8)', () => {
    const result = simulate(sut, { duration: 14 * DAY, reportEvery: 6, schedule: dailyDoses(5, 7), rtol: 1e-10, atol: 1e-12 });
    const [Ad, Ac, Ap, Ael] = ['Ad', 'Ac', 'Ap', 'Ael'].map((s) => result.column(s));
    result.times.forEach((t, k) => {
      const dosed = 2.5 * Math.min(7, Math.floor(t / DAY) + 1);
      expect(Math.abs(Ad[k] + Ac[k] + Ap[k] + Ael[k] - dosed) / dosed).toBeLessThan(1e-8);
    });
  });

  it('should reach the steady-state average concentration F·dose/(CL·τ) (within 0.5 %)', () => {
    // 5 mg racemic daily → 2.5 mg S per 24 h; *1/*1 age 71: Cavg = 2.5 / (0.314 · 24) = 0.332 mg/L
    const days = 30;
    const result = simulate(sut, { duration: days * DAY, reportEvery: 0.5, schedule: dailyDoses(5, days), rtol: 1e-8, atol: 1e-12 });
    const C = result.column('sWarfarin');
    const from = (days - 1) * DAY * 2;
    let auc = 0;
    for (let k = from + 1; k <= from + DAY * 2; k++) auc += ((C[k] + C[k - 1]) / 2) * 0.5;
    const cavg = auc / DAY;
    expect(Math.abs(cavg - 2.5 / (0.314 * 24)) / cavg).toBeLessThan(5e-3);
  });

  it('should settle at INR = BASE + INRmax·(1 − (1 − E)²)^λ at a constant concentration, with the 120 h chain as the slow step', () => {
    // Constant C: no elimination or distribution, drug placed in the central compartment.
    const C = 0.5;
    const E = C ** 0.424 / (4.61 ** 0.424 + C ** 0.424);
    const result = simulate(sut, {
      duration: 60 * DAY,
      reportEvery: 1,
      parameters: { CL11: 0, Q: 0 },
      initialState: { Ac: C * 13.8 },
      rtol: 1e-10,
      atol: 1e-12,
    });
    const T7 = result.column('T7');
    // one compartment: T7(t) = 1 − E + E·e^(−t/MTT2)
    for (const t of [24, 120, 240]) expect(T7[t]).toBeCloseTo(1 - E + E * Math.exp(-t / 120), 8);
    // the six-compartment chain (MTT 11.6 h) has long settled; T7 still carries E·e^(−t/120)
    const tEnd = 60 * DAY;
    const inr = result.column('inr');
    const t7End = 1 - E + E * Math.exp(-tEnd / 120);
    expect(inr[tEnd]).toBeCloseTo(1 + 20 * (1 - (1 - E) * t7End) ** 3.61, 8);
    expect(inr[tEnd]).toBeCloseTo(1 + 20 * (1 - (1 - E) ** 2) ** 3.61, 4);
  });

  it('should give a higher INR on the same dose for CYP2C9*3/*3 with VKORC1 A/A than for *1/*1 with G/G', () => {
    const scenario = parseScenario({
      duration_min: 28 * 1440,
      doses: Array.from({ length: 28 }, (_, d) => ({ t_min: d * 1440, amount: 5, route: 'oral' })),
    });
    const inrOn = (subject: string): number => {
      const result = runScenario(hambergWarfarinRegistration, sut, { subject, scenario, everyMin: 1440 });
      const inr = result.column('inr');
      return inr[inr.length - 1];
    };
    const wildType = inrOn(warfarinSubjectName('*1/*1', 'G/G'));
    const sensitive = inrOn(warfarinSubjectName('*3/*3', 'A/A'));
    expect(wildType).toBeGreaterThan(1.2);
    expect(sensitive).toBeGreaterThan(wildType + 1);
  });
});
