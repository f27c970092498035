/**
 * Genotype findings as the twin takes them. A genotype is an Observation coded LOINC 84413-4 "Genotype display
 * name" whose value names the gene and its result, e.g. "CYP2C9 *1/*3" (PharmVar star alleles), as the HL7 Genomics
 * Reporting IG's genotype profile reports a pharmacogenomic result (STU2, example Observation Pgx-geno-1002:
 * code LOINC 84413-4, value "CYP2C9*1/*1"). The value is read from valueCodeableConcept (code, then display),
 * valueString, or the device format's string `value`.
 *
 * The results of the genes the twin conditions on must be well formed: CYP2C9 a diplotype of star alleles
 * ("*1/*3"; the order is normalised, "*3/*1" is "*1/*3"), VKORC1 the c.-1639G>A (rs9923231) genotype GG, GA or AA
 * (Hamberg et al., Clin Pharmacol Ther 2007;81:529-538 model these two). Other genes are stored as sent.
 */
export const GENOTYPE_LOINC = '84413-4';

const GENE_RESULT = /^([A-Z][A-Z0-9-]*)(?:\s+|(?=\*))(\S.*)$/;

const KNOWN_GENES: Readonly<Record<string, { readonly expected: string; readonly normalise: (result: string) => string | undefined }>> = {
  CYP2C9: {
    expected: 'a diplotype of star alleles such as "*1/*3"',
    normalise: (result) => {
      const m = /^\*(\d+)([A-Z]?)\/\*(\d+)([A-Z]?)$/.exec(result);
      if (m === null) return undefined;
      const alleles = [`*${m[1]}${m[2]}`, `*${m[3]}${m[4]}`].sort((a, b) => parseInt(a.slice(1), 10) - parseInt(b.slice(1), 10) || (a < b ? -1 : 1));
      return alleles.join('/');
    },
  },
  VKORC1: {
    expected: 'the c.-1639G>A genotype GG, GA or AA',
    normalise: (result) => {
      const bare = result.replace('/', '').toUpperCase();
      return bare === 'AG' ? 'GA' : ['GG', 'GA', 'AA'].includes(bare) ? bare : undefined;
    },
  },
};

export type GenotypeRead = { readonly ok: true; readonly gene: string; readonly result: string } | { readonly ok: false; readonly message: string };

/** Reads "GENE result" (e.g. "CYP2C9 *1/*3", "CYP2C9*1/*3", "VKORC1 GA"), or why it cannot be read. */
export function readGenotype(text: string): GenotypeRead {
  const m = GENE_RESULT.exec(text.trim());
  if (m === null) return { ok: false, message: `genotype "${text}" is not "GENE result" (e.g. "CYP2C9 *1/*3", "VKORC1 GA")` };
  const [, gene, raw] = m;
  const known = KNOWN_GENES[gene];
  if (known === undefined) return { ok: true, gene, result: raw.trim() };
  const result = known.normalise(raw.trim());
  return result === undefined ? { ok: false, message: `genotype "${text}": a ${gene} result must be ${known.expected}` } : { ok: true, gene, result };
}
