/**
 * Whether a code is well formed in its system: the structure and, where the system has one, the check digit. A
 * well-formed code may still not exist; these checks catch typing slips (a transposed digit fails both check-digit
 * schemes).
 */

// Verhoeff (1969) dihedral-group tables, as SNOMED CT uses them for its identifiers' last digit.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) c = D[c][P[i % 8][Number(digits[digits.length - 1 - i])]];
  return c === 0;
}

/**
 * A SNOMED CT concept id: 6–18 digits, no leading zero, partition identifier 00 or 10 (a concept, short or extension
 * format) in the second- and third-last digits, and a valid Verhoeff check digit (SNOMED CT Technical Implementation
 * Guide, "SCTID").
 */
export function isSnomedConceptId(code: string): boolean {
  if (!/^[1-9]\d{5,17}$/.test(code)) return false;
  const partition = code.slice(-3, -1);
  return (partition === '00' || partition === '10') && verhoeffValid(code);
}

/** A LOINC code: 1–7 digits, a hyphen and the mod-10 (Luhn) check digit of the digits (LOINC Users' Guide). */
export function isLoincCode(code: string): boolean {
  const match = /^(\d{1,7})-(\d)$/.exec(code);
  if (match === null) return false;
  let sum = 0;
  const body = match[1];
  for (let i = 0; i < body.length; i++) {
    const d = Number(body[body.length - 1 - i]);
    const doubled = i % 2 === 0 ? 2 * d : d; // rightmost digit of the body is doubled
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10 === Number(match[2]);
}

/** An ATC code at the chemical-substance level (5th level, 7 characters), e.g. B01AA03 (WHO ATC/DDD index). */
export function isAtcSubstanceCode(code: string): boolean {
  return /^[A-Z]\d{2}[A-Z]{2}\d{2}$/.test(code);
}

/** An RxNorm concept id (RXCUI): digits, no leading zero. */
export function isRxcui(code: string): boolean {
  return /^[1-9]\d{0,9}$/.test(code);
}

/** A model id as the model registry writes it: lower-case kebab, e.g. uva-padova-s2008. */
export function isModelId(code: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(code);
}
