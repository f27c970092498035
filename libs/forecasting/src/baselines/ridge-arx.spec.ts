import { describe, expect, it } from 'vitest';
import { onBoardFeatures, remainingFraction, RidgeArx } from './ridge-arx';

describe(RidgeArx.name, () => {
  it('should recover a noiseless ARX recursion driven by an exogenous input', () => {
    // x_t = 100 + 0.8 (x_{t−1} − 100) + 3 u_{t−1}, u a known square wave
    const make = (n: number, phase: number) => {
      const u = Array.from({ length: n }, (_, t) => (Math.floor((t + phase) / 7) % 2 === 0 ? 1 : -0.5));
      const x = new Float64Array(n);
      x[0] = 120;
      for (let t = 1; t < n; t++) x[t] = 100 + 0.8 * (x[t - 1] - 100) + 3 * u[t - 1];
      return { values: x, exogenous: u.map((v) => [v]) };
    };
    const sut = RidgeArx.fit([make(200, 0), make(200, 3), make(200, 5)], { lags: 2, horizon: 1, lambda: 1e-9 });
    const test = make(100, 2);
    expect(sut.predict(test, 50)[0]).toBeCloseTo(test.values[50], 6);
  });

  it('should refuse series whose exogenous rows do not match the readings', () => {
    expect(() => RidgeArx.fit([{ values: [1, 2, 3], exogenous: [[1]] }], { lags: 1, horizon: 1 })).toThrow(/one exogenous row per reading/);
  });
});

describe(remainingFraction.name, () => {
  it('should start at 1, be 2/e at τ and vanish late', () => {
    expect(remainingFraction(0, 55)).toBe(1);
    expect(remainingFraction(55, 55)).toBeCloseTo(2 / Math.E, 12);
    expect(remainingFraction(1000, 55)).toBeLessThan(1e-6);
  });
});

describe(onBoardFeatures.name, () => {
  it('should count only doses up to the forecast time', () => {
    const sut = onBoardFeatures(100, [{ tMin: 100, units: 4 }, { tMin: 130, units: 9 }], [{ tMin: 40, carbsG: 50 }]);
    expect(sut[0]).toBe(4);
    expect(sut[1]).toBeCloseTo(4 * (1 - remainingFraction(30, 55)), 12);
    expect(sut[3]).toBeCloseTo(5 * remainingFraction(60, 40), 12);
  });
});
