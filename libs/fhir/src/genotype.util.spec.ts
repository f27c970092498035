import { describe, expect, it } from 'vitest';
import { readGenotype } from './genotype.util';

describe(readGenotype.name, () => {
  it('should read the gene and normalise the results of the genes the twin conditions on', () => {
    expect(readGenotype('CYP2C9 *1/*3')).toEqual({ ok: true, gene: 'CYP2C9', result: '*1/*3' });
    expect(readGenotype('CYP2C9*3/*1')).toEqual({ ok: true, gene: 'CYP2C9', result: '*1/*3' });
    expect(readGenotype('CYP2C9 *11/*2')).toEqual({ ok: true, gene: 'CYP2C9', result: '*2/*11' });
    expect(readGenotype('VKORC1 AG')).toEqual({ ok: true, gene: 'VKORC1', result: 'GA' });
    expect(readGenotype('VKORC1 G/G')).toEqual({ ok: true, gene: 'VKORC1', result: 'GG' });
    expect(readGenotype('CYP2C19 *2/*17')).toEqual({ ok: true, gene: 'CYP2C19', result: '*2/*17' });
  });

  it('should refuse what does not read as a genotype, saying what a result must be', () => {
    expect(readGenotype('banana')).toMatchObject({ ok: false, message: expect.stringContaining('is not "GENE result"') });
    expect(readGenotype('CYP2C9 fast')).toEqual({ ok: false, message: 'genotype "CYP2C9 fast": a CYP2C9 result must be a diplotype of star alleles such as "*1/*3"' });
    expect(readGenotype('VKORC1 GT')).toMatchObject({ ok: false, message: expect.stringContaining('GG, GA or AA') });
  });
});
