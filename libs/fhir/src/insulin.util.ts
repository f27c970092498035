import { RXNORM_SYSTEM } from './canonical-observation';
import type { Coding } from './fhir-types';

/** The WHO ATC classification as FHIR names it (https://terminology.hl7.org/CodeSystem-v3-WC.html uses this URI). */
export const ATC_SYSTEM = 'http://www.whocc.no/atc';

/** UCUM for insulin: international units, and a basal rate in them per hour. */
export const INSULIN_UNIT = '[IU]';
export const INSULIN_RATE_UNIT = '[IU]/h';
export type InsulinUnit = typeof INSULIN_UNIT | typeof INSULIN_RATE_UNIT;

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
export function readInsulinUnit(unit: string): { readonly unit: InsulinUnit } | undefined {
  const trimmed = unit.trim();
  const slash = trimmed.indexOf('/');
  const amount = slash < 0 ? trimmed : trimmed.slice(0, slash);
  if (!['U', 'IU', '[IU]', '[iU]'].includes(amount)) return undefined;
  if (slash < 0) return { unit: INSULIN_UNIT };
  return trimmed.slice(slash + 1) === 'h' ? { unit: INSULIN_RATE_UNIT } : undefined;
}

/** Units delivered evenly over `minutes`, as the basal rate in [IU]/h. */
export function insulinRatePerHour(units: number, minutes: number): number {
  return (units * 60) / minutes;
}

export type InsulinQuantity = { readonly value: number; readonly unit: InsulinUnit };

/** A checked insulin amount, or which of its two parts is wrong (`unit` or `value`) and why, for the caller to name its own field. */
export type InsulinQuantityCheck = { readonly ok: true; readonly quantity: InsulinQuantity } | { readonly ok: false; readonly field: 'unit' | 'value'; readonly message: string };

const UNIT_HINTS: Readonly<Record<InsulinUnit, string>> = { [INSULIN_UNIT]: '"U" or "[IU]" for a bolus', [INSULIN_RATE_UNIT]: '"U/h" or "[IU]/h" for a basal rate' };

/**
 * Checks an insulin amount as the device format and a FHIR MedicationAdministration both take it: the unit must
 * read (`readInsulinUnit`) as one of `accept`; units in [IU] given with `overMinutes` become the rate over that time
 * (`insulinRatePerHour`); then a bolus must be 0–INSULIN_DOSE_MAX IU and a rate 0–INSULIN_RATE_MAX IU/h.
 */
export function checkInsulinQuantity(value: number, unit: string, options: { readonly accept?: readonly InsulinUnit[]; readonly overMinutes?: number } = {}): InsulinQuantityCheck {
  const accept = options.accept ?? [INSULIN_UNIT, INSULIN_RATE_UNIT];
  const read = readInsulinUnit(unit)?.unit;
  if (read === undefined || !accept.includes(read)) {
    return { ok: false, field: 'unit', message: `insulin is dosed in international units: ${accept.map((u) => UNIT_HINTS[u]).join(', ')}; got "${unit}"` };
  }
  const rate = read === INSULIN_RATE_UNIT ? value : options.overMinutes !== undefined ? insulinRatePerHour(value, options.overMinutes) : undefined;
  if (rate !== undefined) {
    if (rate >= 0 && rate <= INSULIN_RATE_MAX) return { ok: true, quantity: { value: rate, unit: INSULIN_RATE_UNIT } };
    return { ok: false, field: 'value', message: `a basal rate must be 0-${INSULIN_RATE_MAX} IU/h, got ${rate} IU/h` };
  }
  if (value >= 0 && value <= INSULIN_DOSE_MAX) return { ok: true, quantity: { value, unit: INSULIN_UNIT } };
  return { ok: false, field: 'value', message: `an insulin bolus must be 0-${INSULIN_DOSE_MAX} IU, got ${value} IU` };
}
