/**
 * BioModels BIOMD0000000672: Brown EN, Choe Y, Shanahan TL, Czeisler CA. A mathematical model of diurnal variations in
 * human plasma melatonin levels. Am J Physiol 1997;272(3 Pt 1):E506–E516 (PMID 9124558). Pineal melatonin H1 and
 * plasma melatonin H2 (pmol/L), time in minutes: H1′ = −β_I·H1 + A(t), H2′ = β_I·H1 − β_C·H2, with the synthesis rate
 * A(t) rising after t_on and decaying after t_off. The model is linear with a sum-of-exponentials input, so its
 * solution is closed-form: the import is compared with it, and the curated parameters with the paper's abstract.
 */
import { describe, expect, it } from 'vitest';
import { importSbml } from '../import/import-sbml';
import { simulateSbml } from '../simulate/simulate-sbml';
import { readBioModel } from './biomodels-file.util';

/** Σ c·e^(−m·τ) on a segment, τ = t − start. */
type Exponentials = readonly (readonly [c: number, m: number])[];

/** Solution of y′ = −k·y + Σ c·e^(−m·τ), y(0) = y0, as exponentials (k differs from every m here). */
function linearResponse(k: number, input: Exponentials, y0: number): Exponentials {
  const particular = input.map(([c, m]) => [c / (k - m), m] as const);
  return [...particular, [y0 - particular.reduce((s, [c]) => s + c, 0), k]];
}

const at = (terms: Exponentials, tau: number): number => terms.reduce((s, [c, m]) => s + c * Math.exp(-m * tau), 0);

describe('BioModels BIOMD0000000672 (Brown 1997 plasma melatonin)', () => {
  const model = importSbml(readBioModel('BIOMD0000000672'));
  const p = Object.fromEntries(model.parameters.map((q) => [q.id, q.value ?? Number.NaN]));

  it("should carry the paper's clearance half-life and synthesis times within the ranges its abstract reports", () => {
    // Abstract (18 men, median (range)): clearance half-life 23.67 (14.79–59.93) min, onset 22:06 (19:40–00:29),
    // offset 06:21 (02:46–08:17), maximum NAT activity 7.17 (2.34–17.93) pmol/L/min. The file is one subject:
    expect(p.tau_C).toBe(23.67);
    expect(p.t_on).toBeGreaterThanOrEqual(19 * 60 + 40); // 1316 min = 21:56
    expect(p.t_on).toBeLessThanOrEqual(24 * 60 + 29);
    expect(p.t_off).toBeGreaterThanOrEqual(24 * 60 + 2 * 60 + 46); // 1794 min = 05:54 the next morning
    expect(p.t_off).toBeLessThanOrEqual(24 * 60 + 8 * 60 + 17);
    expect(p.A_max).toBeGreaterThanOrEqual(2.34);
    expect(p.A_max).toBeLessThanOrEqual(17.93);
  });

  it('should follow the closed-form solution of the two linear equations to 1e-7 of the peak over 48 h', () => {
    const ln2 = Math.log(2);
    const [bI, bC, lambda, alpha] = [ln2 / p.tau_I, ln2 / p.tau_C, ln2 / p.tau_lamda, ln2 / p.tau_alpha];
    const K = p.A_max / (1 - Math.exp(-lambda * (p.t_off - p.t_on)));
    // A(t) on each segment (τ from the segment's start): 0; K − K·e^(−λτ); A_max·e^(−ατ).
    const segments: { start: number; input: Exponentials }[] = [
      { start: 0, input: [] },
      { start: p.t_on, input: [[K, 0], [-K, lambda]] },
      { start: p.t_off, input: [[p.A_max, alpha]] },
    ];
    let [h1, h2] = [p.H1, p.H2];
    const pieces = segments.map((s, i) => {
      const H1 = linearResponse(bI, s.input, h1);
      const H2 = linearResponse(bC, H1.map(([c, m]) => [bI * c, m] as const), h2);
      const end = segments[i + 1]?.start;
      if (end !== undefined) [h1, h2] = [at(H1, end - s.start), at(H2, end - s.start)];
      return { start: s.start, H1, H2 };
    });
    const exact = (t: number): number => {
      const piece = pieces.findLast((q) => t >= q.start) ?? pieces[0];
      return at(piece.H2, t - piece.start);
    };
    const run = simulateSbml(model, { duration: 2880, steps: 288, variables: ['H2'] });
    const peak = Math.max(...run.values.map((v) => v[0]));
    run.time.forEach((t, k) => expect(Math.abs(run.values[k][0] - exact(t)) / peak).toBeLessThan(1e-7));
    // Measured 2026-12-04: plasma melatonin peaks at 222.3 pmol/L at 1790 min, 4 min before synthesis offset
    // (t_off = 05:54), and is back under 1 % of the peak by 13:00 the next day.
    const tPeak = run.time[run.values.findIndex((v) => v[0] === peak)];
    expect(Math.abs(tPeak - p.t_off)).toBeLessThanOrEqual(10);
    expect(exact(p.t_off + 7 * 60)).toBeLessThan(0.01 * peak);
  });
});
