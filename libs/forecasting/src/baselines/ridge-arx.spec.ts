import { describe, expect, it } from 'vitest';
import { onBoardFeatures, remainingFraction, RidgeArx, type ArxSeries } from './ridge-arx';

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

describe(RidgeArx.prototype.personalise.name, () => {
  // y_{t+1} = a·y_t + b·u_t + noise: the population has b = 2, this person b = 4 (twice as sensitive to the input)
  const series = (n: number, b: number, seed: number): ArxSeries => {
    let state = seed;
    const rand = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    const u = Array.from({ length: n }, (_, k) => (Math.floor(k / 10) % 3 === 0 ? 1 : 0));
    const values = [100];
    for (let k = 1; k < n; k++) values.push(100 + 0.9 * (values[k - 1] - 100) + b * u[k - 1] + rand());
    return { values, exogenous: u.map((x) => [x]) };
  };
  const population = RidgeArx.fit([series(2000, 2, 1), series(2000, 2, 2)], { lags: 2, horizon: 3, lambda: 1e-6 });
  const person = series(600, 4, 3);
  const later = series(600, 4, 4);
  const error = (m: RidgeArx): number => {
    let se = 0;
    for (let end = 2; end + 3 <= later.values.length; end++) se += (m.predict(later, end)[2] - later.values[end + 2]) ** 2;
    return se;
  };

  it('should learn the person from their own series and forecast their later data better than the population model', () => {
    expect(error(population.personalise(person, 10))).toBeLessThan(0.5 * error(population));
  });

  it('should adapt only the unpenalised intercepts under overwhelming shrinkage, and nothing when the series is too short', () => {
    const sut = population.personalise(person, 1e12).toJSON().weights;
    const pop = population.toJSON().weights;
    const k = 2 + 1 + 1;
    pop.forEach((w, i) => {
      if (i % k !== 0) expect(sut[i]).toBeCloseTo(w, 6);
    });
    expect(population.personalise({ values: Array.from(person.values).slice(0, 10), exogenous: person.exogenous.slice(0, 10) }, 10)).toBe(population);
  });
});

