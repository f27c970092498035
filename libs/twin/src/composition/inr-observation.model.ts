import { ObservationCodes } from './observation-codes';

/** The INR codes the anticoagulation component explains: laboratory (6301-6) and point-of-care (34714-6). */
export const INR_CODES = [ObservationCodes.inr, ObservationCodes.inrPointOfCare] as const;

/** INR values the twin will assimilate: beyond these a value is a device or transcription error (assumed bounds). */
export const INR_READING = { min: 0.5, max: 15 } as const;

/**
 * Coefficient of variation of one INR reading around the person's INR of that day as the twin sees it: the analytical
 * error (about 3–5 % for laboratory INR and somewhat more for point-of-care devices: Poller L, J Thromb Haemost
 * 2004;2:849-860, and the CoaguChek XS evaluation of Plesch W et al., Thromb Res 2008;123:381-389 — both from memory,
 * not re-checked) plus the day-to-day variation the model does not carry, so larger than the analytical CV. The
 * values are settings chosen on the tuning cohort (docs/validation.md), not measurements.
 */
export const INR_READING_CV = { laboratory: 0.07, pointOfCare: 0.09 } as const;

export function isInrCode(loinc: string): boolean {
  return INR_CODES.some((c) => c.loinc === loinc);
}

/** Variance of a reading of `loinc` whose value is `inr` (proportional error, at least that of INR 1). */
export function inrReadingVariance(loinc: string, inr: number, cv: { readonly laboratory: number; readonly pointOfCare: number } = INR_READING_CV): number {
  const c = loinc === ObservationCodes.inrPointOfCare.loinc ? cv.pointOfCare : cv.laboratory;
  return (c * Math.max(1, Number.isFinite(inr) ? inr : 1)) ** 2;
}

export function isPlausibleInr(loinc: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  return !isInrCode(loinc) || (value >= INR_READING.min && value <= INR_READING.max);
}
