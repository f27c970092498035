import { describe, expect, it } from 'vitest';
import { dopri5, rodas4, solve, tsit5 } from '../src/index';
import type { OdeFunction, OdeMethod, TimeEvent } from '../src/types';

/** y' = −k·y + u₀ with a piecewise-constant input u₀ set by time events. */
const K = 0.5;
const decayWithInput: OdeFunction = {
  dimension: 1,
  autonomous: true,
  rhs: (_t, y, _p, u, dy) => {
    dy[0] = -K * y[0] + u[0];
  },
  jacobian: (_t, _y, _p, _u, J) => {
    J[0] = -K;
  },
};
const schedule: [number, number][] = [
  [1, 2],
  [2.5, 0],
  [4, 1],
];
const inputEvents: TimeEvent[] = schedule.map(([t, v]) => ({ t, label: `u=${v}`, apply: (ctx) => void (ctx.u[0] = v) }));

/** Exact solution: on each constant-input segment y = u/k + (y_s − u/k)·e^(−k(t − t_s)). */
function exactPiecewise(t: number): number {
  let ts = 0;
  let ys = 1;
  let u = 0;
  for (const [te, v] of schedule) {
    if (t < te) break;
    ys = u / K + (ys - u / K) * Math.exp(-K * (te - ts));
    ts = te;
    u = v;
  }
  return u / K + (ys - u / K) * Math.exp(-K * (t - ts));
}

describe('time events', () => {
  it.each([
    ['tsit5', tsit5],
    ['dopri5', dopri5],
    ['rodas4', rodas4],
  ] as const)('%s should match the piecewise analytic solution across input breakpoints within 1e-7', (_n, method: () => OdeMethod) => {
    const problem = { f: decayWithInput, y0: new Float64Array([1]), tspan: [0, 6] as const, u: new Float64Array([0]), timeEvents: inputEvents };
    const opts = { rtol: 1e-9, atol: 1e-9 };
    const sampled = solve(problem, method(), { ...opts, saveAt: 0.01 });
    expect(sampled.outcome).toBe('success');
    expect(sampled.t.length).toBe(601);
    let worst = 0;
    for (let k = 0; k < sampled.t.length; k++) worst = Math.max(worst, Math.abs(sampled.y[k] - exactPiecewise(sampled.t[k])));
    expect(worst).toBeLessThan(1e-7);
    expect(sampled.events.map((e) => [e.t, e.kind, e.label])).toEqual([
      [1, 'time', 'u=2'],
      [2.5, 'time', 'u=0'],
      [4, 'time', 'u=1'],
    ]);
    // Report values come from the interpolant: 601 samples cost no step more than reporting every step.
    const stepwise = solve(problem, method(), { ...opts, saveAt: 'steps' });
    expect(sampled.stats.steps).toBe(stepwise.stats.steps);
    expect(sampled.stats.steps).toBeLessThan(150);
    // The solver lands exactly on each breakpoint.
    for (const [te] of schedule) expect(Array.from(stepwise.t)).toContain(te);
  });

  it('should carry on with its step size after an event rather than restart from a cold initial step', () => {
    const problem = { f: decayWithInput, y0: new Float64Array([1]), tspan: [0, 6] as const, u: new Float64Array([0]), timeEvents: inputEvents };
    const sol = solve(problem, tsit5(), { rtol: 1e-6, atol: 1e-6 });
    const k = Array.from(sol.t).indexOf(2.5);
    const stepAfter = sol.t[k + 1] - sol.t[k];
    // A cold start at the same point takes the starting-step heuristic's step first.
    const cold = solve({ f: decayWithInput, y0: sol.y.slice(k, k + 1), tspan: [2.5, 6], u: new Float64Array([0]) }, tsit5(), { rtol: 1e-6, atol: 1e-6 });
    expect(stepAfter).toBeGreaterThan(3 * (cold.t[1] - cold.t[0]));
  });
});

describe('event semantics', () => {
  it("should apply events at t0 before the first report, report the post-event state at an event time, and leave the caller's p and u alone", () => {
    const u = new Float64Array([0]);
    const p = new Float64Array([1]);
    const bolus: OdeFunction = { dimension: 1, autonomous: true, rhs: (_t, y, pp, uu, dy) => void (dy[0] = -pp[0] * y[0] + uu[0]) };
    const sol = solve(
      {
        f: bolus,
        y0: new Float64Array([0]),
        tspan: [0, 2],
        p,
        u,
        timeEvents: [
          { t: 0, apply: (ctx) => void (ctx.y[0] += 1) },
          { t: 1, apply: (ctx) => void ((ctx.y[0] += 1), (ctx.p[0] = 2), (ctx.u[0] = 0.5)) },
        ],
      },
      tsit5(),
      { rtol: 1e-10, atol: 1e-12, saveAt: new Float64Array([0, 1, 2]) },
    );
    expect(sol.y[0]).toBe(1);
    // At t = 1: e^(−1) + 1 (the second bolus), then y' = −2y + 0.5 for one unit of time.
    const y1 = Math.exp(-1) + 1;
    expect(sol.y[1]).toBeCloseTo(y1, 9);
    expect(sol.y[2]).toBeCloseTo(0.25 + (y1 - 0.25) * Math.exp(-2), 9);
    expect(Array.from(p)).toEqual([1]);
    expect(Array.from(u)).toEqual([0]);
  });
});

describe('state events', () => {
  const G = 9.81;
  const ball: OdeFunction = {
    dimension: 2,
    autonomous: true,
    rhs: (_t, y, _p, _u, dy) => {
      dy[0] = y[1];
      dy[1] = -G;
    },
  };
  const tStar = Math.sqrt((2 * 10) / G);

  it('should locate the impact of a falling ball at √(2h/g) to 1e-12 and stop there (terminal)', () => {
    const sol = solve(
      { f: ball, y0: new Float64Array([10, 0]), tspan: [0, 10], stateEvents: [{ condition: (_t, y) => y[0], direction: -1, terminal: true, label: 'ground' }] },
      tsit5(),
      { rtol: 1e-8, atol: 1e-8 },
    );
    expect(sol.outcome).toBe('terminated-by-event');
    expect(sol.events).toHaveLength(1);
    expect(Math.abs(sol.events[0].t - tStar)).toBeLessThan(1e-12);
    expect(sol.t[sol.t.length - 1]).toBe(sol.events[0].t);
  });

  it('should bounce a ball (restitution 0.8) with impacts at the analytic times t*, 2.6t*, 3.88t* within 1e-9', () => {
    const sol = solve(
      {
        f: ball,
        y0: new Float64Array([10, 0]),
        tspan: [0, 3.95 * tStar],
        stateEvents: [{ condition: (_t, y) => y[0], direction: -1, apply: (ctx) => void (ctx.y[1] = -0.8 * ctx.y[1]) }],
      },
      dopri5(),
      { rtol: 1e-10, atol: 1e-10 },
    );
    expect(sol.outcome).toBe('success');
    const times = sol.events.map((e) => e.t);
    const expected = [tStar, tStar * (1 + 1.6), tStar * (1 + 1.6 + 1.28)];
    expect(times).toHaveLength(3);
    times.forEach((t, i) => expect(Math.abs(t - expected[i])).toBeLessThan(1e-9));
  });

  it.each([
    ['dopri5', dopri5],
    ['rodas4', rodas4],
  ] as const)('%s should find y = 0.5 on y\' = −y at t = ln 2 within 1e-9 (rtol 1e-10)', (_n, method: () => OdeMethod) => {
    const decay: OdeFunction = { dimension: 1, autonomous: true, rhs: (_t, y, _p, _u, dy) => void (dy[0] = -y[0]) };
    const sol = solve(
      { f: decay, y0: new Float64Array([1]), tspan: [0, 3], stateEvents: [{ condition: (_t, y) => y[0] - 0.5 }] },
      method(),
      { rtol: 1e-10, atol: 1e-12 },
    );
    expect(sol.events).toHaveLength(1);
    expect(Math.abs(sol.events[0].t - Math.LN2)).toBeLessThan(1e-9);
  });
});

describe('nonNegative', () => {
  it('should keep clipped states at or above zero where the unclipped solution goes negative', () => {
    const drain: OdeFunction = { dimension: 1, autonomous: true, rhs: (_t, y, _p, _u, dy) => void (dy[0] = -y[0] - 0.1) };
    const problem = { f: drain, y0: new Float64Array([1]), tspan: [0, 5] as const };
    const free = solve(problem, tsit5(), { saveAt: 0.1 });
    const clipped = solve(problem, tsit5(), { saveAt: 0.1, nonNegative: true });
    expect(Math.min(...free.y)).toBeLessThan(-0.05);
    expect(Math.min(...clipped.y)).toBeGreaterThanOrEqual(0);
    // Before the zero crossing at ln 11 the two agree.
    expect(Math.abs(clipped.y[10] - free.y[10])).toBeLessThan(1e-12);
  });
});
