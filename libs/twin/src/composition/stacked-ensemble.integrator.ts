import { solve, type OdeFunction, type OdeMethod, type RhsFn, type TimeEvent } from '@shuji/ode';

/** What a time event does to member j of the stacked state y at time t (its inputs, its meal amount…). */
export type MemberAction = (y: Float64Array, j: number, t: number) => void;

export interface StackedEnsembleProblem {
  /** Names the system in a failure's message, e.g. "T1D ensemble". */
  readonly label: string;
  /** The model's right-hand side of one member, and its number of states (the first entries of a member vector). */
  readonly rhs: RhsFn;
  readonly stateCount: number;
  /** Model states kept non-negative (indices within one member). */
  readonly nonNegativeStates: readonly number[];
  readonly members: readonly Float64Array[];
  /** Per member: packed parameters and the input values in force (time events change them in place). */
  readonly parameters: readonly Float64Array[];
  readonly inputs: readonly Float64Array[];
  readonly tspan: readonly [number, number];
  /** Per time inside (ta, tb): what happens to each member then. */
  readonly breaks: ReadonlyMap<number, readonly MemberAction[]>;
}

/**
 * Advances every member's model states as one stacked ODE system: one solver call with a shared step size, since the
 * per-call overhead dominates a short step of a small model; every input change is a time event applied to each
 * member. Writes the states at tb back into the members and returns the stacked solution at `saveAt` (default tb).
 */
export function integrateStackedEnsemble(
  problem: StackedEnsembleProblem,
  method: OdeMethod,
  options: { readonly rtol: number; readonly atol: number; readonly saveAt?: Float64Array; readonly initialStep?: number },
): Float64Array {
  const { members, parameters: ps, inputs: us, stateCount: N, tspan } = problem;
  const [ta, tb] = tspan;
  const n = members.length;
  const timeEvents: TimeEvent[] = [...problem.breaks.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([time, acts]) => ({
      t: time,
      apply: (ctx) => {
        for (let j = 0; j < n; j++) for (const act of acts) act(ctx.y, j, ctx.t);
      },
    }));
  const yj = new Float64Array(N);
  const dyj = new Float64Array(N);
  const rhs = problem.rhs;
  const f: OdeFunction = {
    dimension: n * N,
    rhs: (t, y, _p, _u, dy) => {
      for (let j = 0; j < n; j++) {
        const o = j * N;
        for (let i = 0; i < N; i++) yj[i] = y[o + i];
        rhs(t, yj, ps[j], us[j], dyj);
        for (let i = 0; i < N; i++) dy[o + i] = dyj[i];
      }
    },
  };
  const y0 = new Float64Array(n * N);
  members.forEach((m, j) => y0.set(m.subarray(0, N), j * N));
  const nonNegative: number[] = [];
  for (let j = 0; j < n; j++) for (const i of problem.nonNegativeStates) nonNegative.push(j * N + i);
  const sol = solve({ f, y0, tspan: [ta, tb], timeEvents }, method, {
    rtol: options.rtol,
    atol: options.atol,
    saveAt: options.saveAt ?? Float64Array.of(tb),
    nonNegative,
    ...(options.initialStep === undefined ? {} : { initialStep: options.initialStep }),
  });
  if (sol.outcome !== 'success') throw new Error(`${problem.label} integration failed: ${sol.outcome} ${sol.message ?? ''}`);
  const last = sol.y.length - n * N;
  members.forEach((m, j) => {
    for (let i = 0; i < N; i++) m[i] = sol.y[last + j * N + i];
  });
  return sol.y;
}
