import { RXNORM_SYSTEM } from './canonical-observation';
import type { Coding } from './fhir-types';

/** The WHO ATC classification as FHIR names it (https://terminology.hl7.org/CodeSystem-v3-WC.html uses this URI). */
export const ATC_SYSTEM = 'http://www.whocc.no/atc';

/** UCUM for insulin: international units, and a basal rate in them per hour. */
export const INSULIN_UNIT = '[IU]';
export const INSULIN_RATE_UNIT = '[IU]/h';

/**
 * Sanity bounds that catch unit slips (mU for U, a daily total entered as a rate), not clinical limits:
 * a single bolus above 300 IU or a basal rate above 100 IU/h is refused.
 */
export const INSULIN_DOSE_MAX = 300;
export const INSULIN_RATE_MAX = 100;

/**
 * Whether a coding names an insulin: ATC group A10A ("Insulins and analogues", WHO ATC/DDD index), or an RxNorm
 * concept whose name says insulin (RxNorm names every insulin product by its ingredient, and there are thousands
 * of product codes, so the name is the dependable mark without a terminology server).
 */
export function isInsulinCoding(coding: Pick<Coding, 'system' | 'code' | 'display'>): boolean {
  if (coding.system === ATC_SYSTEM) return coding.code?.startsWith('A10A') === true;
  if (coding.system === RXNORM_SYSTEM) return /\binsulin\b/i.test(coding.display ?? '');
  return false;
}

/**
 * Reads an insulin unit. UCUM's `U` is the enzyme unit (µmol/min), but on an insulin dose everybody means the
 * international unit, so `U` (and `IU`, `[iU]`) read as `[IU]`. Undefined when it is not an insulin unit.
 */
export function readInsulinUnit(unit: string): { readonly unit: typeof INSULIN_UNIT | typeof INSULIN_RATE_UNIT } | undefined {
  const trimmed = unit.trim();
  const slash = trimmed.indexOf('/');
  const amount = slash < 0 ? trimmed : trimmed.slice(0, slash);
  if (!['U', 'IU', '[IU]', '[iU]'].includes(amount)) return undefined;
  if (slash < 0) return { unit: INSULIN_UNIT };
  return trimmed.slice(slash + 1) === 'h' ? { unit: INSULIN_RATE_UNIT } : undefined;
}
