import { dopri5, rodas4 } from '@shuji/ode';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../spec/compile';
import type { ModelSpec } from '../spec/model-spec';
import { simulate, SimulationRequestError } from './simulate';
import type { ScheduleItem } from './simulation-request';

/** One compartment with first-order elimination: dA/dt = R − k·A (analytic between schedule changes). */
const oneCompartment: ModelSpec = {
  id: 'one-compartment',
  name: 'one compartment',
  version: '1',
  citations: [{ reference: 'Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. 1982, ch. 1-2 (one-compartment model).' }],
  timeUnit: 'h',
  states: [{ name: 'A', unit: 'mg', initial: 'A0', nonNegative: true }],
  parameters: [
    { name: 'k', unit: '1/h', default: 0.3 },
    { name: 'A0', unit: 'mg', default: 4 },
  ],
  inputs: [{ name: 'R', unit: 'mg/h' }],
  equations: { A: 'R - k * A' },
  outputs: [
    { name: 'amount', expression: 'A', unit: 'mg' },
    { name: 'rate', expression: 'R', unit: 'mg/h' },
  ],
};

const schedule: ScheduleItem[] = [
  { kind: 'add-to-state', t: 1, state: 'A', amount: 10 },
  { kind: 'input-segment', input: 'R', start: 2, end: 5, value: 2 },
  { kind: 'input-segment', input: 'R', start: 4, end: 6, value: 3 },
  { kind: 'set-input', t: 7, input: 'R', value: 0.5 },
];

/** Exact solution: A(t) = R/k + (A(t0) − R/k)·e^{−k(t−t0)} on each piece of constant R. */
function exact(t: number, k: number): number {
  const pieces: [number, number, number][] = [
    // [from, to, R]; the jump of +10 is applied at t = 1
    [0, 1, 0],
    [1, 2, 0],
    [2, 4, 2],
    [4, 5, 5],
    [5, 6, 3],
    [6, 7, 0],
    [7, Infinity, 0.5],
  ];
  let a = 4;
  for (const [from, to, r] of pieces) {
    if (from === 1) a += 10;
    const end = Math.min(t, to);
    a = r / k + (a - r / k) * Math.exp(-k * (end - from));
    if (t <= to) return a;
  }
  return a;
}

describe(simulate.name, () => {
  const sut = compileModel(oneCompartment);

  for (const [name, method] of [
    ['dopri5', dopri5()],
    ['rodas4', rodas4()],
  ] as const) {
    it(`should follow the analytic solution through doses, stacked segments and set-inputs with ${name}`, () => {
      const result = simulate(sut, { duration: 10, schedule, reportEvery: 0.5, method, rtol: 1e-10, atol: 1e-10 });
      expect(result.outcome).toBe('success');
      expect(result.times).toHaveLength(21);
      const amount = result.column('amount');
      result.times.forEach((t, k) => {
        if (t === 1) return; // the report at a jump may hold either side
        expect(Math.abs(amount[k] - exact(t, 0.3)), `t = ${t}`).toBeLessThan(1e-7);
      });
    });
  }

  it('should evaluate outputs with the inputs in force at each report time', () => {
    const result = simulate(sut, { duration: 10, schedule, reportEvery: 0.5 });
    const rate = result.column('rate');
    const at = (t: number) => rate[Math.round(t / 0.5)];
    expect([at(1.5), at(3), at(4.5), at(5.5), at(6.5), at(8)]).toEqual([0, 2, 5, 3, 0, 0.5]);
  });

  it('should apply parameter and initial-state overrides by name', () => {
    const result = simulate(sut, { duration: 2, parameters: { k: 0.5 }, initialState: { A: 8 }, reportEvery: 1, rtol: 1e-10, atol: 1e-10 });
    expect(result.column('A')[2]).toBeCloseTo(8 * Math.exp(-1), 8);
  });

  it('should compute a set-input value from the state at that instant', () => {
    const result = simulate(sut, {
      duration: 3,
      schedule: [{ kind: 'set-input', t: 1, input: 'R', value: (ctx) => 0.3 * ctx.y[0] }],
      reportEvery: 1,
      rtol: 1e-10,
      atol: 1e-10,
    });
    // R = k·A(1) holds A constant from t = 1
    const a = result.column('A');
    expect(a[2]).toBeCloseTo(4 * Math.exp(-0.3), 8);
    expect(a[3]).toBeCloseTo(4 * Math.exp(-0.3), 8);
  });

  it('should name the field when the request is wrong', () => {
    expect(() => simulate(sut, { duration: 1, parameters: { kel: 1 } })).toThrow(
      new SimulationRequestError('parameters: model "one-compartment" has no "kel"'),
    );
    expect(() => simulate(sut, { duration: 1, schedule: [{ kind: 'set-input', t: 0, input: 'Q', value: 1 }] })).toThrow(
      'schedule[0].input: model "one-compartment" has no "Q"',
    );
    expect(() =>
      simulate(sut, { duration: 1, schedule: [{ kind: 'input-segment', input: 'R', start: 2, end: 1, value: 1 }] }),
    ).toThrow('schedule[0]: end must be after start');
    expect(() => simulate(sut, {})).toThrow('duration: give duration or tspan');
  });
});
