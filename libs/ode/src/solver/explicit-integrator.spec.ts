import { describe, expect, it } from 'vitest';
import type { OdeFunction } from '../types';
import { dopri5, tsit5 } from '../methods';
import { ExplicitIntegrator } from './explicit-integrator';
import { solve } from './solve';

/** Van der Pol (μ = 2) beside a decaying, non-negative component: a few step rejections and clips over a span. */
const system: OdeFunction = {
  dimension: 3,
  rhs: (_t, y, p, _u, dy) => {
    dy[0] = y[1];
    dy[1] = p[0] * (1 - y[0] * y[0]) * y[1] - y[0];
    dy[2] = -3 * y[2] - 0.2;
  },
};
const p = Float64Array.of(2);
const tolerance = { rtol: 1e-6, atol: 1e-8 };

describe('ExplicitIntegrator', () => {
  it.each([
    ['tsit5', tsit5],
    ['dopri5', dopri5],
  ])('with an initial step on each call takes the steps of solve() over each span, bit for bit (%s)', (_name, method) => {
    const integrator = new ExplicitIntegrator(method(), 3, system.rhs, p, new Float64Array(0), { ...tolerance, nonNegative: [2] });
    const y = Float64Array.of(2, 0, 1);
    let reference = Float64Array.from(y);
    for (let t = 0; t < 6; t += 0.75) {
      // an impulse between spans, as the what-if's meals and noise are
      y[1] += 0.1;
      reference[1] += 0.1;
      expect(integrator.advance(y, t, t + 0.75, 0.75)).toBe('success');
      const sol = solve({ f: system, y0: reference, tspan: [t, t + 0.75], p }, method(), { ...tolerance, initialStep: 0.75, saveAt: Float64Array.of(t + 0.75), nonNegative: [2] });
      expect(sol.outcome).toBe('success');
      reference = sol.y.slice(0, 3);
      expect(Array.from(y)).toEqual(Array.from(reference));
    }
    expect(y[2]).toBe(0);
  });

  it('keeping its step size across spans stays within the tolerance of one solve over the whole span, with fewer steps than restarting', () => {
    const keep = new ExplicitIntegrator(tsit5(), 3, system.rhs, p, new Float64Array(0), tolerance);
    const restart = new ExplicitIntegrator(tsit5(), 3, system.rhs, p, new Float64Array(0), tolerance);
    const yKeep = Float64Array.of(2, 0, 1);
    const yRestart = Float64Array.from(yKeep);
    for (let t = 0; t < 10; t += 0.25) {
      keep.advance(yKeep, t, t + 0.25);
      restart.advance(yRestart, t, t + 0.25, 0.25);
    }
    const whole = solve({ f: system, y0: Float64Array.of(2, 0, 1), tspan: [0, 10], p }, tsit5(), { rtol: 1e-10, atol: 1e-12, saveAt: Float64Array.of(10) });
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(yKeep[i] - whole.y[i])).toBeLessThan(1e-4);
      expect(Math.abs(yRestart[i] - whole.y[i])).toBeLessThan(1e-4);
    }
    expect(keep.stats.rhsEvaluations).toBeLessThan(restart.stats.rhsEvaluations);
  });

  it('reports a non-finite right-hand side instead of integrating on', () => {
    const bad = new ExplicitIntegrator(tsit5(), 1, (_t, y, _p, _u, dy) => void (dy[0] = 1 / (y[0] - 1)), new Float64Array(0), new Float64Array(0), tolerance);
    expect(bad.advance(Float64Array.of(1), 0, 1)).toBe('non-finite');
  });
});
