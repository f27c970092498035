import { randomStream } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { GradientBoostedTrees } from './gradient-boosted-trees';

/** n rows of d uniform features on [0, 1) and the targets f(row). */
function data(n: number, d: number, f: (row: Float64Array) => number, seed: number): { x: Float64Array; y: Float64Array } {
  const rng = randomStream(seed);
  const x = Float64Array.from({ length: n * d }, () => rng.uniform());
  const y = Float64Array.from({ length: n }, (_, i) => f(x.subarray(i * d, (i + 1) * d)));
  return { x, y };
}

describe(GradientBoostedTrees.name, () => {
  it('should learn a step in one feature exactly when unshrunk, ignoring the other features', () => {
    // features on the grid 0, 0.1, …, 0.9: every grid value is a bin edge, so the split can be exact
    const { x, y } = data(2000, 3, (r) => (r[1] > 0.45 ? 10 : -10), 1);
    for (let i = 0; i < x.length; i++) x[i] = Math.floor(10 * x[i]) / 10;
    for (let i = 0; i < y.length; i++) y[i] = x[i * 3 + 1] > 0.45 ? 10 : -10;
    const sut = GradientBoostedTrees.fit(x, y, 3, { trees: 1, learningRate: 1, maxDepth: 1, lambda: 0, subsample: 1, minLeaf: 1 });
    expect(sut.predict([0.2, 0.1, 0.9])).toBeCloseTo(-10, 9);
    expect(sut.predict([0.2, 0.4, 0.9])).toBeCloseTo(-10, 9);
    expect(sut.predict([0.2, 0.5, 0.9])).toBeCloseTo(10, 9);
  });

  it('should fit an additive smooth function far better than its mean on fresh data', () => {
    const f = (r: Float64Array): number => 30 * Math.sin(3 * r[0]) + 20 * r[1] * r[1];
    const train = data(5000, 4, f, 2);
    const sut = GradientBoostedTrees.fit(train.x, train.y, 4, { trees: 200, learningRate: 0.1, maxDepth: 3 });
    const test = data(1000, 4, f, 3);
    let mean = 0;
    for (const v of test.y) mean += v / test.y.length;
    let se = 0;
    let ss = 0;
    for (let i = 0; i < 1000; i++) {
      se += (sut.predict(test.x, i * 4) - test.y[i]) ** 2;
      ss += (test.y[i] - mean) ** 2;
    }
    // R² above 0.99 on data it never saw
    expect(1 - se / ss).toBeGreaterThan(0.99);
    expect(sut.treeCount).toBe(200);
  });

  it('should give the same model for the same seed', () => {
    const { x, y } = data(500, 2, (r) => r[0] + r[1], 4);
    const a = GradientBoostedTrees.fit(x, y, 2, { trees: 20, seed: 9 });
    const b = GradientBoostedTrees.fit(x, y, 2, { trees: 20, seed: 9 });
    expect(a.predict([0.3, 0.7])).toBe(b.predict([0.3, 0.7]));
  });

  it('should predict the mean from a constant target and refuse bad options', () => {
    const { x } = data(100, 2, () => 0, 5);
    const y = new Float64Array(100).fill(7);
    expect(GradientBoostedTrees.fit(x, y, 2, { trees: 5 }).predict([0.5, 0.5])).toBeCloseTo(7, 12);
    expect(() => GradientBoostedTrees.fit(x, y, 2, { trees: 5, learningRate: 2 })).toThrow(/learningRate/);
    expect(() => GradientBoostedTrees.fit(x, y, 3, { trees: 5 })).toThrow(/n × d/);
  });

  it('should round-trip through JSON to the same predictions, and cut to its first trees as boosting with fewer rounds does', () => {
    const f = (r: Float64Array): number => 10 * r[0] - 5 * r[1] * r[2];
    const train = data(1500, 3, f, 11);
    const options = { trees: 30, learningRate: 0.1, maxDepth: 3, seed: 5 };
    const sut = GradientBoostedTrees.fit(train.x, train.y, 3, options);
    const back = GradientBoostedTrees.fromJSON(JSON.parse(JSON.stringify(sut.toJSON())));
    const fewer = GradientBoostedTrees.fit(train.x, train.y, 3, { ...options, trees: 12 });
    const test = data(200, 3, f, 12);
    for (let i = 0; i < 200; i++) {
      expect(back.predict(test.x, 3 * i)).toBe(sut.predict(test.x, 3 * i));
      expect(sut.truncated(12).predict(test.x, 3 * i)).toBe(fewer.predict(test.x, 3 * i));
    }
    expect(back.treeCount).toBe(30);
    expect(() => sut.truncated(31)).toThrow(/1…30 trees/);
  });

  it('should refuse JSON whose children do not follow the preorder layout or whose features are out of range', () => {
    const good = { features: 2, base: 0, trees: [{ feature: [0, -1, -1], threshold: [0.5, 0, 0], right: [2, 0, 0], value: [0, -1, 1] }] };
    expect(GradientBoostedTrees.fromJSON(good).predict([0.7, 0])).toBe(1);
    expect(() => GradientBoostedTrees.fromJSON({ ...good, trees: [{ ...good.trees[0], right: [1, 0, 0] }] })).toThrow(/bad children of node 0/);
    expect(() => GradientBoostedTrees.fromJSON({ ...good, trees: [{ ...good.trees[0], feature: [2, -1, -1] }] })).toThrow(/bad node 0/);
    expect(() => GradientBoostedTrees.fromJSON({ ...good, trees: [{ ...good.trees[0], value: [0, 1] }] })).toThrow(/unequal length/);
  });
});
