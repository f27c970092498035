import { describe, expect, it } from 'vitest';
import { RidgeAr } from './ridge-ar';

/** An AR(2) series x_t = 100 + 1.6 (x_{t-1} − 100) − 0.7 (x_{t-2} − 100) + ε. */
function ar2(n: number, noise: () => number, x0 = 130, x1 = 128): Float64Array {
  const s = new Float64Array(n);
  s[0] = x0;
  s[1] = x1;
  for (let t = 2; t < n; t++) s[t] = 100 + 1.6 * (s[t - 1] - 100) - 0.7 * (s[t - 2] - 100) + noise();
  return s;
}

describe('RidgeAr', () => {
  it('should recover a noiseless linear recursion exactly at every horizon', () => {
    // noiseless series from several starts: the recursion is exactly linear in the features
    const series = [ar2(60, () => 0), ar2(60, () => 0, 60, 70), ar2(60, () => 0, 200, 180), ar2(60, () => 0, 90, 140)];
    const sut = RidgeAr.fit(series, { lags: 4, horizon: 3, lambda: 1e-9 });
    const s = ar2(300, () => 0);
    const got = sut.predict(s, 50);
    for (let h = 0; h < 3; h++) expect(got[h]).toBeCloseTo(s[50 + h], 6);
  });

  it('should beat persistence on a noisy AR(2) it was not trained on', () => {
    let seed = 7;
    const gauss = (): number => {
      seed = (seed * 16807) % 2147483647;
      const u = seed / 2147483647;
      seed = (seed * 16807) % 2147483647;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * (seed / 2147483647)) * 3;
    };
    const sut = RidgeAr.fit([ar2(5000, gauss)], { lags: 6, horizon: 6 });
    const test = ar2(3000, gauss);
    let seAr = 0;
    let sePersist = 0;
    for (let end = 10; end + 6 <= test.length; end += 7) {
      const p = sut.predict(test, end);
      seAr += (p[5] - test[end + 5]) ** 2;
      sePersist += (test[end - 1] - test[end + 5]) ** 2;
    }
    expect(seAr).toBeLessThan(0.8 * sePersist);
  });

  it('should answer the same after its weights are stored and rebuilt, and refuse weights of the wrong shape', () => {
    const sut = RidgeAr.fit([ar2(500, () => 0.5)], { lags: 4, horizon: 2 });
    const rebuilt = RidgeAr.fromWeights(4, 2, JSON.parse(JSON.stringify(sut.weightRows())) as number[]);
    const s = ar2(40, () => 0, 150, 140);
    expect(Array.from(rebuilt.predict(s, 30))).toEqual(Array.from(sut.predict(s, 30)));
    expect(() => RidgeAr.fromWeights(4, 2, sut.weightRows().slice(1))).toThrow(/9 weights for 2 × 5/);
  });

  it('should refuse too little data and too short a history', () => {
    expect(() => RidgeAr.fit([new Float64Array(5)], { lags: 4, horizon: 2 })).toThrow(/training windows/);
    const sut = RidgeAr.fit([ar2(500, () => 1)], { lags: 4, horizon: 2 });
    expect(() => sut.predict(new Float64Array(3), 3)).toThrow(/needs 4 readings/);
  });
});
