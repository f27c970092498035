import { OdeOptionError } from '../ode-option.error';
import { solve } from '../solver/solve';
import type { OdeMethod, OdeSolution, Outcome, SolveOptions } from '../types';
import { DenseHistory, propagateBreakpoints } from './dense-history';

/**
 * A delay differential equation with constant lags: y'(t) = f(t, y(t), y(t − τ_1), …, y(t − τ_k)) for t > t0,
 * y(t) = φ(t) for t ≤ t0. The right-hand side reads the past through `past(t, out)`, any t ≤ the current time.
 */
export interface DdeProblem {
  readonly dimension: number;
  readonly rhs: (t: number, y: Float64Array, past: (t: number, out: Float64Array) => Float64Array, dy: Float64Array) => void;
  /** The history φ(t), t ≤ t0. */
  readonly history: (t: number, out: Float64Array) => void;
  readonly lags: readonly number[];
  readonly tspan: readonly [number, number];
}

export interface DdeSolution {
  readonly outcome: Outcome;
  readonly message?: string;
  /** The solution anywhere in [t0 − ∞, t1]: the history before t0, the dense output after. */
  readonly history: DenseHistory;
  /** Segment end points: breakpoints and lag-bounded steps of the method of steps. */
  readonly segments: readonly number[];
  readonly steps: number;
}

/**
 * Method of steps (Bellen & Zennaro, Numerical Methods for Delay Differential Equations, OUP 2003, §3.1–3.3 and
 * §4.1; the scheme of DifferentialEquations.jl's MethodOfSteps): the span is cut at the propagated breakpoints
 * t0 + Σ n_i τ_i and into pieces no longer than the smallest lag, so every delayed argument t − τ_i falls in the
 * stored past. Each piece is an ODE solved by `method` with dense output, whose continuous extension (order q)
 * becomes history; the global order is min(p, q + 1) (ibid., Theorem 3.2.1 with §4.1's breakpoint inclusion).
 */
export function solveDde(problem: DdeProblem, method: OdeMethod, options: SolveOptions = {}): DdeSolution {
  const { dimension: n, lags, tspan } = problem;
  const [t0, t1] = tspan;
  if (lags.some((l) => !(l > 0) || !Number.isFinite(l))) throw new OdeOptionError('lags', 'must be positive and finite');
  if (!(t1 > t0)) throw new OdeOptionError('tspan', 'must run forwards');
  if (options.saveAt !== undefined || options.dense !== undefined) throw new OdeOptionError('saveAt', 'is not used: read the solution from history.at(t)');
  const history = new DenseHistory(n, problem.history, t0);
  const minLag = Math.min(...lags);
  const breakpoints = [...propagateBreakpoints([t0], lags, t1, Math.max(1, Math.ceil((t1 - t0) / minLag))), t1];
  const segments: number[] = [];
  let t = t0;
  const y = new Float64Array(n);
  problem.history(t0, y);
  const past = (tq: number, out: Float64Array): Float64Array => history.at(tq, out);
  let steps = 0;
  for (const b of breakpoints) {
    while (t < b - 1e-12 * Math.max(1, Math.abs(b))) {
      const tEnd = Math.min(b, t + minLag);
      const sol: OdeSolution = solve(
        { f: { dimension: n, rhs: (tt, yy, _p, _u, dy) => problem.rhs(tt, yy, past, dy) }, y0: y, tspan: [t, tEnd] },
        method,
        { ...options, dense: true, saveAt: new Float64Array([tEnd]) },
      );
      steps += sol.stats.steps;
      if (sol.outcome !== 'success') return { outcome: sol.outcome, message: sol.message, history, segments, steps };
      const from = t;
      history.push({ t0: from, t1: tEnd, at: (tq, out) => sol.at(tq, out) });
      y.set(sol.y.subarray(0, n));
      t = tEnd;
      segments.push(t);
    }
  }
  return { outcome: 'success', history, segments, steps };
}
