import { describe, expect, it } from 'vitest';
import { compassSearch, type BatchScore, type CompassBox } from './compass-search';

const box = (start: number[], lower: number[], upper: number[], step = 0.5, min = 0.01): CompassBox => ({
  start,
  lower,
  upper,
  initialStep: start.map(() => step),
  minStep: start.map(() => min),
});
const scoreOf =
  (f: (p: readonly number[]) => number | null): BatchScore =>
  async (points) =>
    points.map(f);

describe(compassSearch.name, () => {
  it('should find the maximum of a concave quadratic inside the box within the smallest step', async () => {
    const f = (p: readonly number[]): number => -((p[0] - 1.3) ** 2) - 2 * (p[1] + 0.7) ** 2;
    const sut = await compassSearch(box([0, 0], [-3, -3], [3, 3]), scoreOf(f), { maxEvaluations: 500 });
    expect(Math.abs(sut.best.point[0] - 1.3)).toBeLessThan(0.02);
    expect(Math.abs(sut.best.point[1] + 0.7)).toBeLessThan(0.02);
  });

  it('should stop on the box edge when the maximum lies outside it, and never score a point outside', async () => {
    const seen: number[][] = [];
    const score: BatchScore = async (points) => points.map((p) => (seen.push([...p]), p[0] + p[1]));
    const sut = await compassSearch(box([0, 0], [-1, -1], [0.8, 0.5]), score, { maxEvaluations: 200 });
    expect(sut.best.point).toEqual([0.8, 0.5]);
    expect(seen.every(([x, y]) => x >= -1 && x <= 0.8 && y >= -1 && y <= 0.5)).toBe(true);
  });

  it('should never choose a point scored null (a broken constraint), and keep to the evaluation budget', async () => {
    // the score rises with x but x > 0.6 breaks a constraint
    const sut = await compassSearch(box([0], [-2], [2], 0.4), scoreOf((p) => (p[0] > 0.6 ? null : p[0])), { maxEvaluations: 9 });
    expect(sut.best.point[0]).toBeLessThanOrEqual(0.6);
    expect(sut.best.point[0]).toBeGreaterThan(0.3);
    expect(sut.evaluated.length).toBeLessThanOrEqual(9);
  });

  it('should not score twice a point the normalisation maps onto one already scored', async () => {
    const seen: string[] = [];
    const score: BatchScore = async (points) => points.map((p) => (seen.push(p.join()), -Math.abs(p[0] - 0.9)));
    await compassSearch(box([0], [-2], [2], 0.3, 0.01), score, { maxEvaluations: 100, normalise: (p) => p.map((x) => Math.round(x * 2) / 2) });
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('should not move for a gain below minGain', async () => {
    const sut = await compassSearch(box([0], [-1], [1], 0.5, 0.1), scoreOf((p) => 0.001 * p[0]), { maxEvaluations: 50, minGain: 0.01 });
    expect(sut.best.point).toEqual([0]);
  });
});
