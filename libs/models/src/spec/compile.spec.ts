import { derivative, evaluate, parse } from 'mathjs';
import { mulberry32 } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { compileModel, ModelCompileError } from './compile';
import type { ModelSpec } from './model-spec';

/** Deterministic uniform numbers in [0, 1) (mulberry32), so failures reproduce. */
const rng = mulberry32;

const base = { name: 'test', version: '1', citations: [], timeUnit: 'min' } as const;

/** Michaelis–Menten elimination with a saturable input, renal-like threshold, floor and chained assignments. */
const piecewiseSpec: ModelSpec = {
  ...base,
  id: 'piecewise',
  states: [
    { name: 'A', unit: 'mg', initial: 'k*10' },
    { name: 'B', unit: 'mg', initial: 1 },
    { name: 'C', unit: 'mg', initial: 2 },
  ],
  parameters: [
    { name: 'k', unit: '1/min', default: 0.3 },
    { name: 'Km', unit: 'mg', default: 2 },
    { name: 'thr', unit: 'mg', default: 1.5 },
  ],
  inputs: [{ name: 'r', unit: 'mg/min', default: 0.7 }],
  assignments: [
    { name: 'flux', expression: 'k * A / (Km + A)' },
    { name: 'egp', expression: 'max(2 - 0.5*B - 0.1*C, 0)' },
    { name: 'renal', expression: 'A > thr ? 0.05*(A - thr) : 0' },
    { name: 'g', expression: 'flux * egp + abs(B - C) + min(A, C)^2' },
  ],
  equations: {
    A: 'r - flux - renal + egp',
    B: 'flux - 0.1*B*tanh(A - B) + sqrt(C + 1)',
    C: 'g - exp(-C) * log(1 + A) - t/100 + pow(B, 1.5)',
  },
  outputs: [{ name: 'conc', expression: 'A / 2 + r', unit: 'mg/L' }],
};

/** A stiff linear-plus-quadratic chain (Robertson-like) with no assignments. */
const robertsonSpec: ModelSpec = {
  ...base,
  id: 'robertson',
  states: [
    { name: 'y1', unit: '1', initial: 1 },
    { name: 'y2', unit: '1', initial: 0 },
    { name: 'y3', unit: '1', initial: 0 },
  ],
  parameters: [
    { name: 'k1', unit: '1', default: 0.04 },
    { name: 'k2', unit: '1', default: 3e7 },
    { name: 'k3', unit: '1', default: 1e4 },
  ],
  equations: {
    y1: '-k1*y1 + k3*y2*y3',
    y2: 'k1*y1 - k3*y2*y3 - k2*y2^2',
    y3: 'k2*y2^2',
  },
};

/** Gastric emptying of the UVA/Padova meal model: tanh terms in a conditional, chained. */
const gastricSpec: ModelSpec = {
  ...base,
  id: 'gastric',
  states: [
    { name: 'Q1', unit: 'mg', initial: 0 },
    { name: 'Q2', unit: 'mg', initial: 0 },
    { name: 'Qg', unit: 'mg', initial: 0 },
  ],
  parameters: [
    { name: 'kmax', unit: '1/min', default: 0.05 },
    { name: 'kmin', unit: '1/min', default: 0.008 },
    { name: 'b', unit: '1', default: 0.8 },
    { name: 'd', unit: '1', default: 0.3 },
    { name: 'kabs', unit: '1/min', default: 0.09 },
  ],
  inputs: [
    { name: 'D', unit: 'mg', default: 50000 },
    { name: 'meal', unit: 'mg/min', default: 0 },
  ],
  assignments: [
    { name: 'q', expression: 'Q1 + Q2' },
    {
      name: 'kempt',
      expression:
        'D > 0 ? kmin + (kmax - kmin)/2 * (tanh(5/(2*D*(1-b))*(q - b*D)) - tanh(5/(2*D*d)*(q - d*D)) + 2) : kmax',
    },
  ],
  equations: { Q1: '-kmax*Q1 + meal', Q2: 'kmax*Q1 - kempt*Q2', Qg: 'kempt*Q2 - kabs*Qg' },
};

function finiteDifferenceJacobian(spec: ModelSpec, y: Float64Array, t: number): Float64Array {
  const model = compileModel(spec);
  const n = y.length;
  const p = model.defaultParameters();
  const u = model.defaultInputs();
  const J = new Float64Array(n * n);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(y[j]));
    const yp = Float64Array.from(y);
    const ym = Float64Array.from(y);
    yp[j] += h;
    ym[j] -= h;
    model.f.rhs(t, yp, p, u, plus);
    model.f.rhs(t, ym, p, u, minus);
    for (let i = 0; i < n; i++) J[i * n + j] = (plus[i] - minus[i]) / (2 * h);
  }
  return J;
}

describe(compileModel.name, () => {
  describe('Jacobian', () => {
    const cases: [ModelSpec, (r: () => number) => number[]][] = [
      [piecewiseSpec, (r) => [0.2 + 4 * r(), 0.1 + 3 * r(), 0.1 + 3 * r()]],
      [robertsonSpec, (r) => [r(), 1e-5 * r(), r()]],
      [gastricSpec, (r) => [60000 * r(), 60000 * r(), 30000 * r()]],
    ];
    for (const [spec, draw] of cases) {
      it(`should match central finite differences at random points when the spec is ${spec.id}`, () => {
        const sut = compileModel(spec);
        const random = rng(42);
        const n = sut.stateNames.length;
        const J = new Float64Array(n * n);
        for (let trial = 0; trial < 50; trial++) {
          const y = Float64Array.from(draw(random));
          const t = 100 * random();
          sut.f.jacobian?.(t, y, sut.defaultParameters(), sut.defaultInputs(), J);
          const fd = finiteDifferenceJacobian(spec, y, t);
          for (let k = 0; k < n * n; k++) {
            // central differences are O(h²) accurate: relative 1e-5 plus absolute scale of the row
            expect(Math.abs(J[k] - fd[k])).toBeLessThanOrEqual(1e-5 * Math.abs(fd[k]) + 1e-6);
          }
        }
      });
    }

    it('should agree with mathjs derivative when the expression is smooth', () => {
      const expression = 'k*A/(Km + A) - 0.1*B*tanh(A - B) + sqrt(B + 1) * exp(-A) + A^3 / (1 + B^2)';
      const sut = compileModel({
        ...base,
        id: 'smooth',
        states: [
          { name: 'A', unit: '1', initial: 0 },
          { name: 'B', unit: '1', initial: 0 },
        ],
        parameters: [
          { name: 'k', unit: '1', default: 0.3 },
          { name: 'Km', unit: '1', default: 2 },
        ],
        equations: { A: expression, B: '0' },
      });
      const random = rng(7);
      const J = new Float64Array(4);
      const dA = derivative(parse(expression), 'A');
      const dB = derivative(parse(expression), 'B');
      for (let trial = 0; trial < 20; trial++) {
        const scope = { A: 3 * random(), B: 3 * random(), k: 0.3, Km: 2 };
        sut.f.jacobian?.(0, Float64Array.of(scope.A, scope.B), sut.defaultParameters(), new Float64Array(0), J);
        expect(J[0]).toBeCloseTo(dA.evaluate(scope) as number, 12);
        expect(J[1]).toBeCloseTo(dB.evaluate(scope) as number, 12);
      }
    });

    it('should list only structurally nonzero entries when a state is decoupled', () => {
      const sut = compileModel(robertsonSpec);
      // y3 appears in no right-hand side except through y2·y3 in rows 0 and 1; column 2 of row 2 is empty
      expect(sut.jacobianSparsity).toEqual([
        [0, 0],
        [0, 1],
        [0, 2],
        [1, 0],
        [1, 1],
        [1, 2],
        [2, 1],
      ]);
    });
  });

  describe('right-hand side and outputs', () => {
    it('should evaluate like mathjs when given the same point', () => {
      const sut = compileModel(piecewiseSpec);
      const y = Float64Array.of(2.5, 0.7, 1.3);
      const dy = new Float64Array(3);
      sut.f.rhs(12, y, sut.defaultParameters(), sut.defaultInputs(), dy);
      const scope: Record<string, number> = { A: 2.5, B: 0.7, C: 1.3, k: 0.3, Km: 2, thr: 1.5, r: 0.7, t: 12 };
      for (const a of piecewiseSpec.assignments ?? []) scope[a.name] = evaluate(a.expression, scope) as number;
      expect(dy[0]).toBeCloseTo(evaluate(piecewiseSpec.equations.A, scope) as number, 13);
      expect(dy[1]).toBeCloseTo(evaluate(piecewiseSpec.equations.B, scope) as number, 13);
      expect(dy[2]).toBeCloseTo(evaluate(piecewiseSpec.equations.C, scope) as number, 13);
      const out = new Float64Array(1);
      sut.outputs(12, y, sut.defaultParameters(), sut.defaultInputs(), out);
      expect(out[0]).toBe(2.5 / 2 + 0.7);
    });

    it('should evaluate initial-state expressions over the parameters', () => {
      const sut = compileModel(piecewiseSpec);
      const p = sut.defaultParameters();
      p[sut.parameterIndex('k')] = 0.5;
      expect(Array.from(sut.initialState(p))).toEqual([5, 1, 2]);
    });
  });

  describe('errors', () => {
    it('should name the symbol and the equation when a symbol is unknown', () => {
      const spec = { ...gastricSpec, equations: { ...gastricSpec.equations, Qg: 'kempt*Q2 - kabz*Qg' } };
      expect(() => compileModel(spec)).toThrow(new ModelCompileError('gastric', 'unknown symbol "kabz" in equation for Qg'));
    });

    it('should name the assignment when an assignment reads a later assignment', () => {
      const spec: ModelSpec = {
        ...gastricSpec,
        assignments: [{ name: 'early', expression: 'late * 2' }, { name: 'late', expression: 'Q1' }],
      };
      expect(() => compileModel(spec)).toThrow('unknown symbol "late" in assignment early');
    });

    it('should name the state when a state has no equation', () => {
      const spec: ModelSpec = { ...robertsonSpec, equations: { y1: '0', y2: '0' } };
      expect(() => compileModel(spec)).toThrow('state "y3" has no equation');
    });

    it('should refuse an equation for something that is not a state', () => {
      const spec: ModelSpec = { ...robertsonSpec, equations: { ...robertsonSpec.equations, y4: '0' } };
      expect(() => compileModel(spec)).toThrow('equation for "y4", which is not a state');
    });

    it('should name unknown functions, bad outputs and bad initial values', () => {
      expect(() => compileModel({ ...robertsonSpec, equations: { ...robertsonSpec.equations, y3: 'erf(y2)' } })).toThrow(
        'unknown function "erf" in equation for y3',
      );
      expect(() =>
        compileModel({ ...robertsonSpec, outputs: [{ name: 'total', expression: 'y1 + y5', unit: '1' }] }),
      ).toThrow('unknown symbol "y5" in output total');
      expect(() =>
        compileModel({ ...robertsonSpec, states: [{ name: 'y1', unit: '1', initial: 'y2 * 2' }, ...robertsonSpec.states.slice(1)] }),
      ).toThrow('unknown symbol "y2" in initial value of y1');
    });

    it('should refuse a name used twice', () => {
      const spec: ModelSpec = { ...robertsonSpec, parameters: [...robertsonSpec.parameters, { name: 'y1', unit: '1', default: 0 }] };
      expect(() => compileModel(spec)).toThrow('parameter name "y1" is already used');
    });
  });
});
