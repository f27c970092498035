import { RXNORM_SYSTEM } from './canonical-observation';
import { convertUnit, normaliseUnitSymbol } from './convert-unit.util';
import { ATC_SYSTEM, isInsulinCoding } from './insulin.util';

/** The mass units a tablet or capsule dose is written in (UCUM), converted to mg. */
export const DOSE_MASS_UNITS: readonly string[] = ['mg', 'g', 'ug'];

export interface DrugEntry {
  readonly name: string;
  /** A sanity bound on one dose (a unit slip: g for mg, a week's tablets as one dose), not a clinical limit. */
  readonly maxDoseMg: number;
  readonly source: string;
}

/**
 * Drugs the twin models, by ATC code (WHO ATC/DDD index). Their doses must be a mass (mg, g or ug) within 0–maxDoseMg;
 * other drugs are stored as sent.
 */
export const DRUG_TABLE: Readonly<Record<string, DrugEntry>> = {
  B01AA03: { name: 'warfarin', maxDoseMg: 50, source: 'tablets of 1-10 mg (Coumadin prescribing information, Bristol-Myers Squibb): 50 mg is five of the largest tablets' },
  C08CA01: { name: 'amlodipine', maxDoseMg: 40, source: 'tablets of 2.5-10 mg, at most 10 mg a day (Norvasc prescribing information, Pfizer): 40 mg is four times the largest dose' },
  C03AA03: { name: 'hydrochlorothiazide', maxDoseMg: 200, source: 'tablets of 12.5-50 mg (Microzide prescribing information): 200 mg is four of the largest tablets' },
};

/**
 * RxNorm concepts (ingredients and the clinical drugs the demo and tests use) → ATC, so a dose coded in RxNorm reaches
 * the twin without a terminology server. Ingredient codes: warfarin 11289, amlodipine 17767, hydrochlorothiazide 5487
 * (RxNorm, NLM); 855332 "warfarin sodium 5 MG Oral Tablet", 316049 "Hydrochlorothiazide 25 MG", 197361 "amlodipine
 * 5 MG Oral Tablet" (apps/platform/demo, Synthea). An RxNorm code not listed here is stored but is no twin input.
 */
export const RXNORM_TO_ATC: Readonly<Record<string, string>> = {
  '11289': 'B01AA03',
  '855332': 'B01AA03',
  '17767': 'C08CA01',
  '5487': 'C03AA03',
  '316049': 'C03AA03',
  '197361': 'C08CA01',
};

/**
 * The strength (mg per tablet) of the clinical drugs above that name one, from their RxNorm names: 855332 "warfarin
 * sodium 5 MG Oral Tablet", 316049 "Hydrochlorothiazide 25 MG", 197361 "amlodipine 5 MG Oral Tablet" (as besylate).
 * A prescription in tablets, or without a dose (Synthea writes none), is read in mg through it.
 */
export const RXNORM_STRENGTH_MG: Readonly<Record<string, number>> = { '855332': 5, '316049': 25, '197361': 5 };

/** The ATC code of a non-insulin drug coding (ATC itself, or a listed RxNorm code); undefined otherwise. */
export function atcOfDrug(coding: { readonly system?: string; readonly code?: string; readonly display?: string }): string | undefined {
  if (coding.code === undefined || isInsulinCoding(coding)) return undefined;
  if (coding.system === ATC_SYSTEM) return coding.code;
  return coding.system === RXNORM_SYSTEM ? RXNORM_TO_ATC[coding.code] : undefined;
}

export type DrugDoseCheck = { readonly ok: true; readonly mg: number } | { readonly ok: false; readonly field: 'unit' | 'value'; readonly message: string };

/**
 * A dose as a mass in mg: the unit must be mg, g or ug (mcg), converted by UCUM; a drug of DRUG_TABLE must be within
 * (0, maxDoseMg]. Any other dose unit (mL, a tablet count, kg) is refused: the twin's drug models take mass doses.
 */
export function checkDrugDose(atc: string, value: number, unit: string): DrugDoseCheck {
  const name = DRUG_TABLE[atc]?.name ?? `ATC ${atc}`;
  const symbol = normaliseUnitSymbol(unit);
  if (!DOSE_MASS_UNITS.includes(symbol)) return { ok: false, field: 'unit', message: `a dose of ${name} must be a mass in ${DOSE_MASS_UNITS.join(', ')}, got "${unit}"` };
  const converted = convertUnit(value, symbol, 'mg');
  if (!converted.ok) return { ok: false, field: 'value', message: converted.message };
  const max = DRUG_TABLE[atc]?.maxDoseMg;
  if (!(converted.value > 0) || (max !== undefined && converted.value > max)) {
    return { ok: false, field: 'value', message: `a dose of ${name} must be above 0${max === undefined ? '' : ` and at most ${max}`} mg, got ${converted.value} mg` };
  }
  return { ok: true, mg: converted.value };
}
