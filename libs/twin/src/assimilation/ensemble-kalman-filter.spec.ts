import { describe, expect, it } from 'vitest';
import { seededRandom } from '@shuji/stats';
import { enkfScalarUpdate, ensembleMean, ensembleSd } from './ensemble-kalman-filter';

/** A 2-d Gaussian prior ensemble with mean m, SDs s and correlation r. */
function gaussianEnsemble(n: number, m: [number, number], s: [number, number], r: number): Float64Array[] {
  const rng = seededRandom('enkf-prior');
  return Array.from({ length: n }, () => {
    const z1 = rng.normal();
    const z2 = rng.normal();
    return Float64Array.of(m[0] + s[0] * z1, m[1] + s[1] * (r * z1 + Math.sqrt(1 - r * r) * z2));
  });
}

describe(enkfScalarUpdate.name, () => {
  it('should reproduce the Kalman filter posterior for a linear Gaussian problem (large ensemble)', () => {
    // prior x ~ N([1, 2], [[4, 1.2·… ]]), observe x0 with R = 1, y = 3
    const n = 40_000;
    const sut = gaussianEnsemble(n, [1, 2], [2, 1], 0.6);
    const m0 = ensembleMean(sut);
    const sd0 = ensembleSd(sut);
    let c01 = 0;
    for (const x of sut) c01 += (x[0] - m0[0]) * (x[1] - m0[1]);
    c01 /= n - 1;
    const P00 = sd0[0] ** 2;
    const P11 = sd0[1] ** 2;
    const R = 1;
    const y = 3;
    // analytic Kalman update from the ensemble's own prior moments
    const K0 = P00 / (P00 + R);
    const K1 = c01 / (P00 + R);
    const mean0 = m0[0] + K0 * (y - m0[0]);
    const mean1 = m0[1] + K1 * (y - m0[0]);
    const var0 = (1 - K0) * P00;
    const var1 = P11 - K1 * c01;
    const d = enkfScalarUpdate(sut, Float64Array.from(sut, (x) => x[0]), { value: y, variance: R }, seededRandom('enkf-obs'));
    expect(d.innovation).toBeCloseTo(y - m0[0], 12);
    expect(d.innovationVariance).toBeCloseTo(P00 + R, 12);
    const m1 = ensembleMean(sut);
    const sd1 = ensembleSd(sut);
    // Monte Carlo tolerance: a few standard errors at n = 40 000
    expect(Math.abs(m1[0] - mean0)).toBeLessThan(0.03);
    expect(Math.abs(m1[1] - mean1)).toBeLessThan(0.03);
    expect(Math.abs(sd1[0] ** 2 / var0 - 1)).toBeLessThan(0.04);
    expect(Math.abs(sd1[1] ** 2 / var1 - 1)).toBeLessThan(0.04);
  });

  it('should relax the analysis spread towards the prior spread with RTPS', () => {
    const a = gaussianEnsemble(500, [0, 0], [1, 1], 0);
    const b = a.map((x) => Float64Array.from(x));
    const before = ensembleSd(a)[0];
    enkfScalarUpdate(a, Float64Array.from(a, (x) => x[0]), { value: 0, variance: 0.25 }, seededRandom('o'));
    enkfScalarUpdate(b, Float64Array.from(b, (x) => x[0]), { value: 0, variance: 0.25 }, seededRandom('o'), { rtps: 0.5 });
    const plain = ensembleSd(a)[0];
    const relaxed = ensembleSd(b)[0];
    expect(relaxed).toBeCloseTo(plain + 0.5 * (before - plain), 10);
  });

  it('should give a variable the full gain with the hierarchical factor when every group sees the same regression', () => {
    // x1 = 3·x0 exactly: each group's regression coefficient is 3, so α = 1 and the update is the plain one
    const plain = gaussianEnsemble(32, [0, 0], [1, 1], 0).map((x) => Float64Array.of(x[0], 3 * x[0]));
    const factored = plain.map((x) => Float64Array.from(x));
    const observe = (m: Float64Array[]): Float64Array => Float64Array.from(m, (x) => x[0]);
    enkfScalarUpdate(plain, observe(plain), { value: 1, variance: 0.5 }, seededRandom('o'));
    enkfScalarUpdate(factored, observe(factored), { value: 1, variance: 0.5 }, seededRandom('o'), { hierarchical: { groups: 4, variables: [1] } });
    factored.forEach((x, j) => expect(x[1]).toBeCloseTo(plain[j][1], 12));
  });

  it('should damp the update of a variable that is unrelated to the reading (sampling-noise correlation)', () => {
    // x1 independent of the reading: its plain EnKF increments are pure sampling noise of a 32-member ensemble
    let plainShift = 0;
    let factoredShift = 0;
    for (let trial = 0; trial < 200; trial++) {
      const rng = seededRandom('unrelated', trial);
      const prior = Array.from({ length: 32 }, () => Float64Array.of(rng.normal(), rng.normal()));
      const a = prior.map((x) => Float64Array.from(x));
      const b = prior.map((x) => Float64Array.from(x));
      enkfScalarUpdate(a, Float64Array.from(a, (x) => x[0]), { value: 2, variance: 0.5 }, seededRandom('o', trial));
      enkfScalarUpdate(b, Float64Array.from(b, (x) => x[0]), { value: 2, variance: 0.5 }, seededRandom('o', trial), {
        hierarchical: { groups: 4, variables: [1] },
      });
      plainShift += (ensembleMean(a)[1] - ensembleMean(prior)[1]) ** 2;
      factoredShift += (ensembleMean(b)[1] - ensembleMean(prior)[1]) ** 2;
      // the reading's own variable is not in the list: untouched by the factor
      expect(ensembleMean(b)[0]).toBeCloseTo(ensembleMean(a)[0], 12);
    }
    // measured ≈ 0.1 (α is 0 for about half the draws and small otherwise); 1 would mean no damping
    expect(factoredShift / plainShift).toBeLessThan(0.3);
  });

  it('should refuse hierarchical groups that leave fewer than 2 members per group', () => {
    const members = gaussianEnsemble(6, [0, 0], [1, 1], 0);
    expect(() =>
      enkfScalarUpdate(members, Float64Array.from(members, (x) => x[0]), { value: 0, variance: 1 }, seededRandom('x'), {
        hierarchical: { groups: 4, variables: [1] },
      }),
    ).toThrow(/hierarchical.groups/);
  });

  it('should refuse an ensemble of fewer than 2 members', () => {
    expect(() => enkfScalarUpdate([Float64Array.of(1)], Float64Array.of(1), { value: 1, variance: 1 }, seededRandom('x'))).toThrow(/at least 2/);
  });
});
