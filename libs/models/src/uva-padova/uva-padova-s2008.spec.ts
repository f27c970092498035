import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCompiledModel, getModelRegistration } from '../registry';
import { runScenario } from '../simulate/run-scenario';
import type { Scenario } from '../simulate/scenario';
import { uvaPadovaSubjects, uvaPadovaTherapy } from './uva-padova-subjects';

const sut = getCompiledModel('uva-padova-s2008');
const registration = getModelRegistration('uva-padova-s2008');
const subjects = uvaPadovaSubjects();

const fasting: Scenario = { duration_min: 1440, meals: [], boluses: [], doses: [], basal_u_per_min: 'patient-default' };
const MEALS = [
  { t_min: 420, carbs_g: 50 },
  { t_min: 720, carbs_g: 70 },
  { t_min: 1080, carbs_g: 80 },
];

/** Breakfast 07:00 50 g, lunch 12:00 70 g, dinner 18:00 80 g, each with a bolus of carbs/CR (Quest.csv). */
function threeMealDay(subject: string): Scenario {
  const { CR } = uvaPadovaTherapy(subject);
  return {
    duration_min: 1440,
    meals: MEALS,
    boluses: MEALS.map((m) => ({ t_min: m.t_min, units: m.carbs_g / CR })),
    doses: [],
    basal_u_per_min: 'patient-default',
  };
}

const parameter = (subject: string, name: string): number => {
  const found = subjects.find((s) => s.name === subject);
  if (found === undefined) throw new Error(subject);
  return found.parameters[name];
};

describe('UVA/Padova S2008', () => {
  it('should register all 30 subjects by their simulator names', () => {
    expect(subjects.map((s) => s.name)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `adolescent#${String(i + 1).padStart(3, '0')}`),
      ...Array.from({ length: 10 }, (_, i) => `adult#${String(i + 1).padStart(3, '0')}`),
      ...Array.from({ length: 10 }, (_, i) => `child#${String(i + 1).padStart(3, '0')}`),
    ]);
  });

  it('should start every subject from the steady state the spec derives from its parameters', () => {
    for (const subject of subjects) {
      const p = sut.defaultParameters();
      for (const [name, value] of Object.entries(subject.parameters)) p[sut.parameterIndex(name)] = value;
      const derived = sut.initialState(p);
      sut.stateNames.forEach((name, i) => {
        expect(derived[i], `${subject.name} ${name}`).toBeCloseTo(subject.initialState?.[name] ?? NaN, 6);
      });
    }
  });

  it('should keep every subject within 0.1 mg/dL of basal glucose when fasting 24 h on default basal', () => {
    for (const subject of subjects) {
      const result = runScenario(registration, sut, { subject: subject.name, scenario: fasting, everyMin: 5 });
      expect(result.outcome).toBe('success');
      const gb = parameter(subject.name, 'Gb');
      for (const name of ['bg_mg_dl', 'cgm_mg_dl']) {
        const drift = Math.max(...result.column(name).map((g) => Math.abs(g - gb)));
        expect(drift, `${subject.name} ${name}`).toBeLessThan(0.1);
      }
    }
  });

  it('should give post-meal peaks 30-180 min after each meal and a return toward basal when boluses follow CR', () => {
    // Adults and adolescents; with Quest.csv CRs several children go hypoglycaemic (known of this CR table),
    // so for them only the bounds are checked.
    for (const subject of subjects) {
      const result = runScenario(registration, sut, { subject: subject.name, scenario: threeMealDay(subject.name) });
      expect(result.outcome).toBe('success');
      const bg = result.column('bg_mg_dl');
      expect(Math.min(...bg), subject.name).toBeGreaterThan(20);
      expect(Math.max(...bg), subject.name).toBeLessThan(600);
      if (subject.name.startsWith('child')) continue;
      let lastPeak = 0;
      for (const meal of MEALS) {
        const k0 = meal.t_min / 5;
        const window = Array.from(bg.subarray(k0, k0 + 48)); // 4 h
        const peak = Math.max(...window);
        const peakAfter = window.indexOf(peak) * 5;
        expect(peakAfter, `${subject.name} meal at ${meal.t_min}`).toBeGreaterThanOrEqual(30);
        expect(peakAfter, `${subject.name} meal at ${meal.t_min}`).toBeLessThanOrEqual(180);
        expect(peak - bg[k0], `${subject.name} rise`).toBeGreaterThan(10);
        lastPeak = peak;
      }
      // six hours after dinner, at least 70 % of the dinner excursion is gone
      const preDinner = bg[1080 / 5];
      expect(lastPeak - bg[288], subject.name).toBeGreaterThan(0.7 * (lastPeak - preDinner));
    }
  });

  it('should have an analytic Jacobian that matches central finite differences during a meal', () => {
    const p = sut.defaultParameters();
    const u = Float64Array.of(5000, 2, 60_000); // eating, bolus running, D = 60 g meal
    const J = new Float64Array(169);
    const plus = new Float64Array(13);
    const minus = new Float64Array(13);
    const base = sut.initialState(p);
    for (const [qsto1, qsto2, qgut] of [
      [20_000, 30_000, 5_000],
      [1_000, 45_000, 12_000],
      [0, 9_000, 20_000],
    ]) {
      const y = Float64Array.from(base);
      y.set([qsto1, qsto2, qgut], 0);
      y[sut.stateIndex('X')] = 3;
      sut.f.jacobian?.(0, y, p, u, J);
      for (let j = 0; j < 13; j++) {
        const h = 1e-6 * Math.max(1, Math.abs(y[j]));
        const yp = Float64Array.from(y);
        const ym = Float64Array.from(y);
        yp[j] += h;
        ym[j] -= h;
        sut.f.rhs(0, yp, p, u, plus);
        sut.f.rhs(0, ym, p, u, minus);
        for (let i = 0; i < 13; i++) {
          const fd = (plus[i] - minus[i]) / (2 * h);
          // truncation O(h²) plus the round-off of differencing f: ~10·ε·|f|/h
          const roundOff = (10 * Number.EPSILON * (Math.abs(plus[i]) + Math.abs(minus[i]))) / h;
          expect(Math.abs(J[i * 13 + j] - fd), `J[${sut.stateNames[i]}, ${sut.stateNames[j]}]`).toBeLessThan(
            1e-6 * Math.abs(fd) + roundOff + 1e-10,
          );
        }
      }
    }
  });

  describe('agreement with an independent Python port (scipy Radau, rtol 1e-10)', () => {
    const fixture = JSON.parse(
      readFileSync(join(__dirname, '__fixtures__', 'three-meal-day.scipy-radau.json'), 'utf8'),
    ) as {
      every_min: number;
      subjects: Record<string, { scenario: Scenario; bg_mg_dl: number[]; cgm_mg_dl: number[] }>;
    };

    it('should agree within 0.01 mg/dL (brief: 0.5) over 24 h for all 30 subjects on the three-meal day', () => {
      expect(Object.keys(fixture.subjects)).toHaveLength(30);
      for (const [name, expected] of Object.entries(fixture.subjects)) {
        const scenario = { ...expected.scenario, doses: [] };
        const result = runScenario(registration, sut, {
          subject: name,
          scenario,
          everyMin: fixture.every_min,
          rtol: 1e-8,
          atol: 1e-8,
        });
        for (const output of ['bg_mg_dl', 'cgm_mg_dl'] as const) {
          const ours = result.column(output);
          expect(ours.length).toBe(expected[output].length);
          const worst = Math.max(...expected[output].map((g, k) => Math.abs(g - ours[k])));
          // the brief asks for 0.5 mg/dL; measured agreement is ~1e-5 at rtol 1e-8 (1e-6 at 1e-10)
          expect(worst, `${name} ${output}`).toBeLessThan(0.01);
        }
      }
    });
  });

  describe('scenario semantics', () => {

    it('should deliver a bolus of U units as U*6000/BW pmol/kg over one minute', () => {
      // no absorption from the depot, so Isc1 keeps what was delivered
      const result = runScenario(registration, sut, {
        subject: 'adult#001',
        scenario: { duration_min: 10, meals: [], boluses: [{ t_min: 2, units: 3 }], doses: [], basal_u_per_min: 0 },
        parameters: { ka1: 0, kd: 0 },
        everyMin: 1,
      });
      const isc1 = result.column('Isc1');
      const bw = parameter('adult#001', 'BW');
      const start = subjects.find((s) => s.name === 'adult#001')?.initialState?.Isc1 ?? NaN;
      expect(isc1[2]).toBeCloseTo(start, 9);
      expect(isc1[3]).toBeCloseTo(start + (3 * 6000) / bw, 6);
      expect(isc1[10]).toBeCloseTo(start + (3 * 6000) / bw, 6);
    });

    it('should eat a meal at 5 g/min (60 g over 12 min) when the stomach does not empty', () => {
      const result = runScenario(registration, sut, {
        subject: 'adult#001',
        scenario: { duration_min: 30, meals: [{ t_min: 5, carbs_g: 60 }], boluses: [], doses: [] },
        parameters: { kmax: 0 },
        everyMin: 1,
      });
      const qsto1 = result.column('Qsto1');
      expect(qsto1[5]).toBeCloseTo(0, 9);
      expect(qsto1[11]).toBeCloseTo(30_000, 4); // 6 min × 5000 mg/min
      expect(qsto1[17]).toBeCloseTo(60_000, 4);
      expect(qsto1[30]).toBeCloseTo(60_000, 4);
    });

    it('should convert a numeric basal in U/min to pmol/kg/min and match u2ss when given patient-default', () => {
      const bw = parameter('adult#001', 'BW');
      const u2ss = parameter('adult#001', 'u2ss');
      const explicit = runScenario(registration, sut, {
        subject: 'adult#001',
        scenario: { ...fasting, duration_min: 600, basal_u_per_min: (u2ss * bw) / 6000 },
      });
      const byDefault = runScenario(registration, sut, { subject: 'adult#001', scenario: { ...fasting, duration_min: 600 } });
      const a = explicit.column('bg_mg_dl');
      const b = byDefault.column('bg_mg_dl');
      a.forEach((g, k) => expect(g).toBeCloseTo(b[k], 9));
    });

    it('should floor EGP at zero and keep states non-negative when a huge bolus is given', () => {
      const result = runScenario(registration, sut, {
        subject: 'child#001',
        scenario: { duration_min: 600, meals: [], boluses: [{ t_min: 0, units: 40 }], doses: [] },
      });
      expect(result.outcome).toBe('success');
      expect(Math.min(...result.column('egp_mg_kg_min'))).toBe(0);
      expect(Math.min(...result.states)).toBeGreaterThanOrEqual(-1e-9);
    });

    it('should refuse drug doses', () => {
      expect(() =>
        runScenario(registration, sut, {
          subject: 'adult#001',
          scenario: { ...fasting, doses: [{ t_min: 0, amount: 1 }] },
        }),
      ).toThrow('doses: uva-padova-s2008 takes no drug doses');
    });
  });
});
