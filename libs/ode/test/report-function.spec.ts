import { describe, expect, it } from 'vitest';
import { autoSwitch, dopri5, OdeOptionError, rodas4, solve } from '../src/index';
import type { OdeFunction, OdeMethod, ReportFn, TimeEvent } from '../src/types';

/** y' = −k·y + u₀ with the input switched by time events; reported g = (y + u₀, y·p₀). */
const decay: OdeFunction = {
  dimension: 1,
  autonomous: true,
  rhs: (_t, y, _p, u, dy) => {
    dy[0] = -0.5 * y[0] + u[0];
  },
  jacobian: (_t, _y, _p, _u, J) => {
    J[0] = -0.5;
  },
};
const events: TimeEvent[] = [
  { t: 1, apply: (ctx) => void (ctx.u[0] = 2) },
  { t: 2.5, apply: (ctx) => void (ctx.u[0] = 0) },
];
const g: ReportFn = (_t, y, p, u, out) => {
  out[0] = y[0] + u[0];
  out[1] = y[0] * p[0];
};
const problem = { f: decay, y0: Float64Array.of(1), tspan: [0, 4] as const, p: Float64Array.of(3), u: Float64Array.of(0), timeEvents: events };
const inputAt = (t: number): number => (t >= 1 && t < 2.5 ? 2 : 0);

describe('solve reportFunction', () => {
  const methods: [string, OdeMethod][] = [
    ['dopri5', dopri5()],
    ['rodas4', rodas4()],
    ['autoSwitch', autoSwitch()],
  ];
  for (const [name, method] of methods) {
    it(`should report g of the reported states with the inputs in force after each instant's events (${name})`, () => {
      const sut = solve(problem, method, { saveAt: 0.25, reportFunction: { dimension: 2, evaluate: g } });
      const rows = sut.t.length;
      expect(rows).toBe(17);
      expect(sut.reported?.length).toBe(rows * 2);
      for (let k = 0; k < rows; k++) {
        expect(sut.reported?.[2 * k]).toBe(sut.y[k] + inputAt(sut.t[k]));
        expect(sut.reported?.[2 * k + 1]).toBe(sut.y[k] * 3);
      }
    });
  }

  it('should keep no states when saveStates is false, and the same reported values', () => {
    const both = solve(problem, dopri5(), { saveAt: 0.5, reportFunction: { dimension: 2, evaluate: g } });
    const sut = solve(problem, dopri5(), { saveAt: 0.5, reportFunction: { dimension: 2, evaluate: g }, saveStates: false });
    expect(sut.y.length).toBe(0);
    expect(Array.from(sut.t)).toEqual(Array.from(both.t));
    expect(Array.from(sut.reported ?? [])).toEqual(Array.from(both.reported ?? []));
  });

  it('should refuse a report function without a valid dimension', () => {
    expect(() => solve(problem, dopri5(), { reportFunction: { dimension: -1, evaluate: g } })).toThrow(OdeOptionError);
    expect(() => solve(problem, dopri5(), { reportFunction: { dimension: 1.5, evaluate: g } })).toThrow(/reportFunction.dimension/);
  });
});
