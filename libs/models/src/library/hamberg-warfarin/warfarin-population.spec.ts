import { describe, expect, it } from 'vitest';
import { genotypeAt, genotypeMixture } from './warfarin-population';

describe(genotypeMixture.name, () => {
  it('should give the known genotype with probability 1 when both genes are given', () => {
    expect(genotypeMixture('white', '*1/*3', 'A/A')).toEqual([{ cyp2c9: '*1/*3', vkorc1: 'A/A', probability: 1 }]);
  });

  it('should give 18 combinations summing to 1 for European ancestry when both genes are unknown', () => {
    const sut = genotypeMixture('white', null, null);
    expect(sut).toHaveLength(18);
    expect(sut.reduce((s, g) => s + g.probability, 0)).toBeCloseTo(1, 12);
    // Hardy–Weinberg: *1/*1 = 0.8², VKORC1 G/G = 0.61²
    expect(sut.find((g) => g.cyp2c9 === '*1/*1' && g.vkorc1 === 'G/G')?.probability).toBeCloseTo(0.64 * 0.61 ** 2, 12);
  });

  it('should leave out combinations absent in the ancestry (no CYP2C9*2 in East Asian ancestry)', () => {
    const sut = genotypeMixture('asian', null, 'G/A');
    expect(sut.map((g) => g.cyp2c9).sort()).toEqual(['*1/*1', '*1/*3', '*3/*3']);
    expect(sut.reduce((s, g) => s + g.probability, 0)).toBeCloseTo(1, 12);
  });

  it('should average the three ancestries for mixed or unknown ancestry', () => {
    const sut = genotypeMixture('mixed_or_unknown', '*1/*1', null);
    const aa = sut.find((g) => g.vkorc1 === 'A/A')?.probability ?? Number.NaN;
    expect(aa).toBeCloseTo((0.39 ** 2 + 0.11 ** 2 + 0.91 ** 2) / 3, 12);
  });
});

describe(genotypeAt.name, () => {
  it('should pick the combination whose cumulative probability passes u, the last one at u → 1', () => {
    const sut = genotypeMixture('white', '*1/*1', null);
    expect(genotypeAt(sut, 0).vkorc1).toBe(sut[0].vkorc1);
    expect(genotypeAt(sut, sut[0].probability + 1e-9).vkorc1).toBe(sut[1].vkorc1);
    expect(genotypeAt(sut, 1 - 1e-12).vkorc1).toBe(sut[sut.length - 1].vkorc1);
  });
});
