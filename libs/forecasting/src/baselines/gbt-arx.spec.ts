import { randomStream } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { GbtArx } from './gbt-arx';
import { RidgeArx, type ArxSeries } from './ridge-arx';

/** x_t = 100 + 0.7 (x_{t−1} − 100) + 12·1{u_{t−1} > 0.7} + ε: an input that acts only past a threshold. */
function thresholdArx(n: number, seed: number): ArxSeries {
  const rng = randomStream(seed);
  const u = Array.from({ length: n }, () => rng.uniform());
  const x = new Float64Array(n);
  x[0] = 100;
  for (let t = 1; t < n; t++) x[t] = 100 + 0.7 * (x[t - 1] - 100) + (u[t - 1] > 0.7 ? 12 : 0) + rng.normal();
  return { values: x, exogenous: u.map((v) => [v]) };
}

describe(GbtArx.name, () => {
  it('should beat the ridge ARX on the same features where the input acts nonlinearly', () => {
    const train = [thresholdArx(3000, 1), thresholdArx(3000, 2)];
    const sut = GbtArx.fit(train, { lags: 3, steps: [0, 2], gbt: { trees: 150, learningRate: 0.1, maxDepth: 3 } });
    const ridge = RidgeArx.fit(train, { lags: 3, horizon: 3 });
    const test = thresholdArx(2000, 3);
    const se = { gbt: [0, 0], ridge: [0, 0] };
    for (let end = 3; end + 3 <= 2000; end++) {
      const g = sut.predict(test, end);
      const r = ridge.predict(test, end);
      [0, 2].forEach((step, j) => {
        se.gbt[j] += (g[j] - test.values[end + step]) ** 2;
        se.ridge[j] += (r[step] - test.values[end + step]) ** 2;
      });
    }
    // one step ahead the threshold is all that is unknown to a linear model: the trees find it
    expect(se.gbt[0]).toBeLessThan(0.5 * se.ridge[0]);
    expect(se.gbt[1]).toBeLessThan(se.ridge[1]);
    expect(sut.steps).toEqual([0, 2]);
  });

  it('should refuse a forecast without enough history', () => {
    const sut = GbtArx.fit([thresholdArx(300, 4)], { lags: 3, steps: [0], gbt: { trees: 2 } });
    expect(() => sut.predict(thresholdArx(10, 5), 2)).toThrow(/needs 3 readings/);
  });

  it('should round-trip through JSON, cut to fewer trees per step, and refuse a model whose features do not match', () => {
    const train = [thresholdArx(600, 6)];
    const sut = GbtArx.fit(train, { lags: 3, steps: [0, 2], gbt: { trees: 20, maxDepth: 2 } });
    const back = GbtArx.fromJSON(JSON.parse(JSON.stringify(sut.toJSON())));
    const test = thresholdArx(50, 7);
    expect([...back.predict(test, 10)]).toEqual([...sut.predict(test, 10)]);
    expect(sut.truncated(5).treeCount).toBe(10);
    expect(back.steps).toEqual([0, 2]);
    expect(() => GbtArx.fromJSON({ ...sut.toJSON(), exogenousCount: 2 })).toThrow(/must take 6 features/);
    expect(() => GbtArx.fromJSON({ ...sut.toJSON(), steps: [0] })).toThrow(/one model per step/);
  });
});
