import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta, studentTCdf } from './student-t';

describe(studentTCdf.name, () => {
  it('should give the exact Cauchy value when df = 1', () => {
    // F(t) = ½ + atan(t)/π
    for (const t of [-3, -1, 0, 0.5, 1, 7]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
  });

  it('should give the closed form when df = 2', () => {
    // F(t) = ½ + t / (2√(2 + t²))
    for (const t of [-2.5, 0.3, 2.6457513]) expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
  });

  it('should match the printed critical values of the t table', () => {
    // two-sided 5 % at df 10: 2.228139; one-sided 5 % at df 5: 2.015048; two-sided 1 % at df 20: 2.845340
    expect(studentTCdf(2.228139, 10)).toBeCloseTo(0.975, 6);
    expect(studentTCdf(2.015048, 5)).toBeCloseTo(0.95, 6);
    expect(studentTCdf(2.84534, 20)).toBeCloseTo(0.995, 6);
  });

  it('should approach the normal distribution when df is large', () => {
    expect(studentTCdf(1.959964, 1e7)).toBeCloseTo(0.975, 6);
  });

  it('should be symmetric and refuse a non-positive df', () => {
    expect(studentTCdf(-1.3, 7) + studentTCdf(1.3, 7)).toBeCloseTo(1, 14);
    expect(() => studentTCdf(1, 0)).toThrow(/df must be positive/);
  });
});

describe(regularizedIncompleteBeta.name, () => {
  it('should equal x^a when b = 1 and the uniform CDF when a = b = 1', () => {
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 12);
    expect(regularizedIncompleteBeta(0.42, 1, 1)).toBeCloseTo(0.42, 12);
  });
});

describe(logGamma.name, () => {
  it('should match factorials and Γ(½) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});
