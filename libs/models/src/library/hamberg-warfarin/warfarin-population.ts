/**
 * What the warfarin calculator and the twin know beyond the Hamberg 2007 model: allele frequencies by ancestry (for an
 * unknown genotype). Interacting drugs (factors on S-warfarin clearance) are edges of the knowledge base
 * (@shuji/knowledge, interacts-with), which the calculator and the virtual INR persons read.
 *
 * Allele frequencies (CYP2C9*2, *3; VKORC1 −1639A, rs9923231): Johnson JA, Caudle KE, Gong L, et al.
 * Clinical Pharmacogenetics Implementation Consortium (CPIC) guideline for pharmacogenetics-guided warfarin
 * dosing: 2017 update. Clin Pharmacol Ther 2017;102(3):397–404, frequency supplement (rounded); genotype
 * frequencies under Hardy–Weinberg equilibrium. The model knows only *1, *2, *3, so the rarer CYP2C9 alleles
 * of African ancestry (*5, *6, *8, *11) count as *1 here — a stated limitation.
 */
import { CYP2C9_GENOTYPES, VKORC1_GENOTYPES, type Cyp2c9Genotype, type Vkorc1Genotype } from './warfarin-genotype.util';

export const WARFARIN_RACES = ['white', 'black', 'asian', 'mixed_or_unknown'] as const;
export type WarfarinRace = (typeof WARFARIN_RACES)[number];

interface AlleleFrequencies {
  readonly cyp2c9Star2: number;
  readonly cyp2c9Star3: number;
  readonly vkorc1A: number;
}

/** CPIC 2017 supplement, European, African and East Asian ancestry (rounded). */
export const ALLELE_FREQUENCIES: Readonly<Record<Exclude<WarfarinRace, 'mixed_or_unknown'>, AlleleFrequencies>> = {
  white: { cyp2c9Star2: 0.13, cyp2c9Star3: 0.07, vkorc1A: 0.39 },
  black: { cyp2c9Star2: 0.02, cyp2c9Star3: 0.01, vkorc1A: 0.11 },
  asian: { cyp2c9Star2: 0.0, cyp2c9Star3: 0.04, vkorc1A: 0.91 },
};


function cyp2c9GenotypeFrequencies(f: AlleleFrequencies): Record<Cyp2c9Genotype, number> {
  const q1 = 1 - f.cyp2c9Star2 - f.cyp2c9Star3;
  const [q2, q3] = [f.cyp2c9Star2, f.cyp2c9Star3];
  return { '*1/*1': q1 * q1, '*1/*2': 2 * q1 * q2, '*1/*3': 2 * q1 * q3, '*2/*2': q2 * q2, '*2/*3': 2 * q2 * q3, '*3/*3': q3 * q3 };
}

function vkorc1GenotypeFrequencies(f: AlleleFrequencies): Record<Vkorc1Genotype, number> {
  const a = f.vkorc1A;
  return { 'G/G': (1 - a) * (1 - a), 'G/A': 2 * a * (1 - a), 'A/A': a * a };
}

export interface GenotypeWeight {
  readonly cyp2c9: Cyp2c9Genotype;
  readonly vkorc1: Vkorc1Genotype;
  readonly probability: number;
}

/**
 * The genotype combinations a person may carry: the known genotype with probability 1, or for an unknown
 * gene the Hardy–Weinberg frequencies of their ancestry ("mixed_or_unknown": the three ancestries equally
 * weighted). Combinations of probability 0 are left out.
 */
export function genotypeMixture(race: WarfarinRace, cyp2c9: Cyp2c9Genotype | null, vkorc1: Vkorc1Genotype | null): GenotypeWeight[] {
  const ancestries = race === 'mixed_or_unknown' ? (['white', 'black', 'asian'] as const) : ([race] as const);
  const weights = new Map<string, GenotypeWeight>();
  for (const ancestry of ancestries) {
    const f = ALLELE_FREQUENCIES[ancestry];
    const cyp = cyp2c9GenotypeFrequencies(f);
    const vk = vkorc1GenotypeFrequencies(f);
    for (const c of cyp2c9 === null ? CYP2C9_GENOTYPES : [cyp2c9]) {
      for (const v of vkorc1 === null ? VKORC1_GENOTYPES : [vkorc1]) {
        const probability = ((cyp2c9 === null ? cyp[c] : 1) * (vkorc1 === null ? vk[v] : 1)) / ancestries.length;
        if (probability === 0) continue;
        const key = `${c} ${v}`;
        weights.set(key, { cyp2c9: c, vkorc1: v, probability: (weights.get(key)?.probability ?? 0) + probability });
      }
    }
  }
  return [...weights.values()];
}

/** The combination at cumulative probability `u` in [0, 1) (a draw from the mixture given a uniform `u`). */
export function genotypeAt(mixture: readonly GenotypeWeight[], u: number): GenotypeWeight {
  let rest = u;
  for (const g of mixture) {
    rest -= g.probability;
    if (rest < 0) return g;
  }
  return mixture[mixture.length - 1];
}
