import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { enkfScalarUpdate, ensembleMean, ensembleSd } from '../assimilation/ensemble-kalman-filter';
import { seededRandom } from '@shuji/stats';
import { ObservationCodes } from './observation-codes';
import { T1dGlucoseComponent } from './t1d-glucose.component';
import { DEFAULT_CONSIDERED } from './t1d-parameters';

describe(T1dGlucoseComponent.name, () => {
  const prior = uvaPadovaSubjects().find((s) => s.name === 'adult#001')?.parameters ?? {};

  it('should carry the unestimated perturbable parameters as consider parameters by default', () => {
    const sut = new T1dGlucoseComponent({ prior });
    expect(sut.considered.map((c) => c.name)).toEqual(['kmax', 'kmin', 'f', 'ki', 'ksc', 'kd', 'ka1', 'ka2']);
    expect(sut.size).toBe(sut.iTheta + 4 + 8);
    expect(Array.from(sut.localisation.subarray(sut.iConsidered))).toEqual(new Array(8).fill(0));
  });

  it('should leave out of the default consider set what the caller estimates, and refuse an explicit overlap', () => {
    const sut = new T1dGlucoseComponent({ prior, estimated: [{ name: 'f', logSd: 0.1, bounds: [0.5, 2] }] });
    expect(sut.considered.map((c) => c.name)).not.toContain('f');
    expect(() => new T1dGlucoseComponent({ prior, estimated: [{ name: 'f', logSd: 0.1, bounds: [0.5, 2] }], considered: [{ name: 'f', logSd: 0.1 }] })).toThrow(
      /"f" is also estimated/,
    );
  });

  it('should draw each member its own consider parameters from their spread, and use them in the model', () => {
    const sut = new T1dGlucoseComponent({ prior });
    const members = sut.initialEnsemble(seededRandom('consider'), 2000);
    const mean = ensembleMean(members);
    const sd = ensembleSd(members);
    DEFAULT_CONSIDERED.forEach((c, m) => {
      // 2000 draws: the SD of the sample mean is 0.1/√2000 ≈ 0.0022, of the sample SD ≈ 0.0016
      expect(mean[sut.iConsidered + m]).toBeCloseTo(Math.log(prior[c.name]), 2);
      expect(Math.abs(sd[sut.iConsidered + m] - c.logSd)).toBeLessThan(0.006);
    });
    const p = sut.parameters(members[0]);
    expect(p[sut.model.parameterIndex('ki')]).toBeCloseTo(Math.exp(members[0][sut.iConsidered + 3]), 12);
  });

  it('should redraw named parameters jointly with their correlation, estimated and consider parameters alike', () => {
    const sut = new T1dGlucoseComponent({ prior });
    const members = sut.initialEnsemble(seededRandom('redraw'), 4000);
    const f = sut.iConsidered + DEFAULT_CONSIDERED.findIndex((c) => c.name === 'f');
    const vmx = sut.iTheta + sut.estimated.findIndex((p) => p.name === 'Vmx');
    const kp3 = sut.iTheta + sut.estimated.findIndex((p) => p.name === 'kp3');
    // the prior's order (nonsense, f, Vmx, kp3) is not the redraw's (Vmx, kp3, f), and the entry the component does
    // not carry is correlated with one it does: only the right submatrix gives these three correlations
    const entries = [
      { name: 'nonsense', logMean: 0, logSd: 1 },
      { name: 'f', logMean: Math.log(prior.f) + 0.05, logSd: 0.04 },
      { name: 'Vmx', logMean: Math.log(prior.Vmx) - 0.05, logSd: 0.06 },
      { name: 'kp3', logMean: Math.log(prior.kp3), logSd: 0.05 },
    ];
    // prettier-ignore
    const correlation = [
      1, 0.3, 0, 0,
      0.3, 1, -0.8, 0.5,
      0, -0.8, 1, -0.2,
      0, 0.5, -0.2, 1,
    ];
    expect(sut.redrawParameters(members, entries, seededRandom('joint'), correlation)).toEqual(['Vmx', 'kp3', 'f']);
    const column = (i: number): number[] => members.map((m) => m[i]);
    const mean = (v: number[]): number => v.reduce((s, a) => s + a, 0) / v.length;
    const sd = (v: number[]): number => Math.sqrt(v.reduce((s, a) => s + (a - mean(v)) ** 2, 0) / (v.length - 1));
    const r = (x: number[], y: number[]): number => x.reduce((s, a, i) => s + (a - mean(x)) * (y[i] - mean(y)), 0) / ((x.length - 1) * sd(x) * sd(y));
    // 4000 draws: SE of a mean ≤ 0.001, of an SD ≤ 0.0007, of r ≈ (1 − r²)/√n ≤ 0.016
    expect(mean(column(f))).toBeCloseTo(entries[1].logMean, 2);
    expect(mean(column(vmx))).toBeCloseTo(entries[2].logMean, 2);
    expect(Math.abs(sd(column(f)) - 0.04)).toBeLessThan(0.003);
    expect(Math.abs(sd(column(vmx)) - 0.06)).toBeLessThan(0.003);
    expect(Math.abs(r(column(f), column(vmx)) + 0.8)).toBeLessThan(0.03);
    expect(Math.abs(r(column(f), column(kp3)) - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(r(column(vmx), column(kp3)) + 0.2)).toBeLessThan(0.05);
    expect(() => sut.redrawParameters(members, entries, seededRandom('bad'), [1, 0.5, 0.5, 1])).toThrow(/correlation: expected 4×4/);
  });

  it('should redraw without a correlation exactly as before it existed (old logs replay unchanged)', () => {
    const sut = new T1dGlucoseComponent({ prior });
    const entries = [
      { name: 'f', logMean: Math.log(prior.f), logSd: 0.04 },
      { name: 'kp3', logMean: Math.log(prior.kp3), logSd: 0.05 },
      { name: 'Vmx', logMean: Math.log(prior.Vmx), logSd: 0.06 },
    ];
    const members = sut.initialEnsemble(seededRandom('old'), 16);
    const expected = members.map((m) => Float64Array.from(m));
    // twin.3's loop: each estimated parameter named, over all members, then each consider parameter
    const rng = seededRandom('independent');
    for (const name of ['Vmx', 'kp3']) {
      const k = sut.estimated.findIndex((p) => p.name === name);
      const e = entries.find((x) => x.name === name)!;
      for (const m of expected) m[sut.iTheta + k] = sut.clipLog(k, e.logMean + e.logSd * rng.normal());
    }
    const fIndex = DEFAULT_CONSIDERED.findIndex((c) => c.name === 'f');
    for (const m of expected) m[sut.iConsidered + fIndex] = entries[0].logMean + entries[0].logSd * rng.normal();

    sut.redrawParameters(members, entries, seededRandom('independent'));

    expect(members).toEqual(expected);
  });

  it('should never update the consider parameters in an analysis', () => {
    const sut = new T1dGlucoseComponent({ prior });
    const members = sut.initialEnsemble(seededRandom('analysis'), 32);
    const before = members.map((m) => m.slice(sut.iConsidered));
    const cgm = ObservationCodes.cgmGlucose.loinc;
    const predicted = Float64Array.from(members, (m) => sut.observe(m, cgm) ?? Number.NaN);
    enkfScalarUpdate(members, predicted, { value: 250, variance: 4 }, seededRandom('y'), { rtps: 0.5, localisation: sut.localisation });
    members.forEach((m, j) => expect(Array.from(m.slice(sut.iConsidered))).toEqual(Array.from(before[j])));
  });

  it('should propagate with its reusable propagator exactly as with propagate and a whole-chunk first step, meals and boluses inside chunks too', () => {
    const sut = new T1dGlucoseComponent({ prior, wholeChunkFirstStep: true });
    const start = sut.initialEnsemble(seededRandom('reuse'), 6);
    const byPropagate = start.map((m) => Float64Array.from(m));
    const byPropagator = start.map((m) => Float64Array.from(m));
    const propagator = sut.ensemblePropagator(6);
    const inputs = {
      meals: [{ tMin: 62, carbsG: 60 }, { tMin: 240, carbsG: 15 }],
      boluses: [{ tMin: 60, units: 5 }, { tMin: 243.5, units: 1.5 }],
      basal: [{ tMin: 0, unitsPerHour: 0.9 }, { tMin: 181, unitsPerHour: 1.2 }],
    };
    const [a, b] = [seededRandom('reuse-noise'), seededRandom('reuse-noise')];
    for (let t = 0; t < 360; t += 5) {
      sut.propagate(byPropagate, t, t + 5, inputs, a);
      propagator(byPropagator, t, t + 5, inputs, b);
    }
    expect(byPropagator.map((m) => Array.from(m))).toEqual(byPropagate.map((m) => Array.from(m)));
    // the meals went in: glucose rose above the start in some member
    expect(Math.max(...byPropagate.map((m) => sut.plasmaGlucose(m)))).toBeGreaterThan(Math.min(...start.map((m) => sut.plasmaGlucose(m))));
  });

  it('should derive the same packed parameters as the model registration for any θ', () => {
    const sut = new T1dGlucoseComponent({ prior });
    const [member] = sut.initialEnsemble(seededRandom('derive'), 1);
    const p = sut.parameters(member);
    const named = Object.fromEntries(sut.model.parameterNames.map((n, i) => [n, p[i]]));
    // UVA/Padova's steady state (Dalla Man 2007): kp1 = EGPb + kp2·Gpb + kp3·Ib; Isc1ss = u2ss / (ka1 + kd)
    expect(p[sut.model.parameterIndex('kp1')]).toBeCloseTo(named.EGPb + named.kp2 * named.Gpb + named.kp3 * named.Ib, 12);
    expect(p[sut.model.parameterIndex('isc1ss')]).toBeCloseTo(named.u2ss / (named.ka1 + named.kd), 12);
    for (let k = 0; k < sut.estimated.length; k++) expect(p[sut.model.parameterIndex(sut.estimated[k].name)]).toBe(Math.exp(member[sut.iTheta + k]));
  });

  it('should give the noise-free trajectory of one propagation per reading in one solve', () => {
    const sut = new T1dGlucoseComponent({ prior });
    const start = sut.steadyMember(Float64Array.from(sut.estimated, (_, k) => sut.priorOf(k).mean), 0);
    const inputs = { meals: [{ tMin: 30, carbsG: 70 }], boluses: [{ tMin: 30, units: 6 }], basal: [] };
    const times = Float64Array.from({ length: 72 }, (_, i) => 5 * (i + 1));
    const fast = sut.interstitialTrajectory(start, 0, times, inputs);
    const member = Float64Array.from(start);
    let t = 0;
    let worst = 0;
    times.forEach((tb, i) => {
      sut.propagate([member], t, tb, inputs, null);
      t = tb;
      worst = Math.max(worst, Math.abs(fast[i] - sut.interstitialGlucose(member)));
    });
    // both at the solver's rtol 1e-4 / atol 1e-3 (glucose 100–250 mg/dL): measured 0.0055 mg/dL
    expect(worst).toBeLessThan(0.05);
    expect(Math.max(...fast)).toBeGreaterThan(sut.interstitialGlucose(start) + 20);
    // the member it was given is left as it was
    expect(Array.from(start)).toEqual(Array.from(sut.steadyMember(Float64Array.from(sut.estimated, (_, k) => sut.priorOf(k).mean), 0)));
  });
});
