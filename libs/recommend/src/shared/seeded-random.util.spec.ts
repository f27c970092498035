import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.util';

describe(seededRandom.name, () => {
  it('should repeat the same sequence when given the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let k = 0; k < 100; k++) expect(a.normal()).toBe(b.normal());
  });

  it('should give standard normals (mean within 0.02, variance within 0.03 over 50,000 draws)', () => {
    const sut = seededRandom(7);
    const xs = Array.from({ length: 50_000 }, () => sut.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });
});
