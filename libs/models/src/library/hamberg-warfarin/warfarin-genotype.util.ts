/**
 * Genotype → parameter mapping of the Hamberg 2007 warfarin model (Clin Pharmacol Ther 81:529).
 * CYP2C9: fractional reduction of S-warfarin clearance against *1/*1 (Table 2).
 * VKORC1 −1639 G>A (rs9923231): EC50 of S-warfarin (Table 4). On the rs9923231 reference strand the
 * alleles read C (= G) and T (= A), so "C/T" is accepted as G/A.
 */
export const CYP2C9_GENOTYPES = ['*1/*1', '*1/*2', '*1/*3', '*2/*2', '*2/*3', '*3/*3'] as const;
export type Cyp2c9Genotype = (typeof CYP2C9_GENOTYPES)[number];

export const VKORC1_GENOTYPES = ['G/G', 'G/A', 'A/A'] as const;
export type Vkorc1Genotype = (typeof VKORC1_GENOTYPES)[number];

/** Hamberg 2007 Table 2: CL_S(genotype) = CL_S(*1/*1) · (1 − reduction). */
export const CYP2C9_CLEARANCE_REDUCTION: Readonly<Record<Cyp2c9Genotype, number>> = {
  '*1/*1': 0,
  '*1/*2': 0.315,
  '*1/*3': 0.453,
  '*2/*2': 0.722,
  '*2/*3': 0.69,
  '*3/*3': 0.852,
};

/** Hamberg 2007 Table 4: EC50 of S-warfarin, mg/L. */
export const VKORC1_EC50_MG_PER_L: Readonly<Record<Vkorc1Genotype, number>> = {
  'G/G': 4.61,
  'G/A': 3.02,
  'A/A': 2.2,
};

/** "*3/*1", "CYP2C9*1/*3", "1/3" → "*1/*3". */
export function parseCyp2c9Genotype(text: string): Cyp2c9Genotype {
  const m = /^(?:CYP2C9)?\s*\*?([123])\s*\/\s*\*?([123])$/i.exec(text.trim());
  if (m === null) throw new RangeError(`CYP2C9 genotype "${text}" is not of the form *a/*b with a, b in {1, 2, 3}`);
  const [a, b] = [Number(m[1]), Number(m[2])].sort((x, y) => x - y);
  return `*${a}/*${b}` as Cyp2c9Genotype;
}

/** "A/G", "VKORC1 -1639 GA", "C/T" (rs9923231 strand) → "G/A". */
export function parseVkorc1Genotype(text: string): Vkorc1Genotype {
  const m = /([GACT])\s*\/?\s*([GACT])\s*$/i.exec(text.trim());
  if (m === null) throw new RangeError(`VKORC1 genotype "${text}" is not two alleles of G/A (or C/T)`);
  const allele = (c: string): 'G' | 'A' => (c.toUpperCase() === 'G' || c.toUpperCase() === 'C' ? 'G' : 'A');
  const alleles = [allele(m[1]), allele(m[2])];
  const nA = alleles.filter((x) => x === 'A').length;
  return nA === 0 ? 'G/G' : nA === 1 ? 'G/A' : 'A/A';
}

export interface WarfarinGenotypeParameters {
  readonly cypReduction: number;
  readonly EC50: number;
}

/** The model parameters a genotype sets (names as in HAMBERG_WARFARIN_MODEL). */
export function warfarinGenotypeParameters(cyp2c9: string, vkorc1: string): WarfarinGenotypeParameters {
  return {
    cypReduction: CYP2C9_CLEARANCE_REDUCTION[parseCyp2c9Genotype(cyp2c9)],
    EC50: VKORC1_EC50_MG_PER_L[parseVkorc1Genotype(vkorc1)],
  };
}
