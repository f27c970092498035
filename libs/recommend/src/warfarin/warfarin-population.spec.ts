import { describe, expect, it } from 'vitest';
import { AMIODARONE_CLEARANCE, ENZYME_INDUCER_CLEARANCE, genotypeMixture } from './warfarin-population';

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

describe('interacting drugs', () => {
  it("should take the clearance factors and their sources from the knowledge base's interacts-with edges", () => {
    expect(AMIODARONE_CLEARANCE.factor).toBe(0.6);
    expect(AMIODARONE_CLEARANCE.source).toMatch(/^Sanoski CA, Bauman JL\. Chest 2002/);
    expect(ENZYME_INDUCER_CLEARANCE.factor).toBe(2);
    expect(ENZYME_INDUCER_CLEARANCE.source).toMatch(/BMC Pharmacol Toxicol 2013;14:27/);
  });
});
