/**
 * Comparator for tests and the validation script only (not used by the calculator): the IWPC
 * pharmacogenetic dosing algorithm, International Warfarin Pharmacogenetics Consortium, Klein TE, Altman RB,
 * et al. Estimation of the warfarin dose with clinical and pharmacogenetic data. N Engl J Med
 * 2009;360:753–764, Supplementary Appendix (weekly dose = (5.6044 − 0.2614·age in decades + …)²,
 * target INR 2–3). Age in decades is the decade of life as coded by the IWPC (floor(age / 10)).
 */
import type { WarfarinDoseRequest } from '../warfarin-dose.request';

const CYP2C9: Record<string, number> = { '*1/*1': 0, '*1/*2': -0.5211, '*1/*3': -0.9357, '*2/*2': -1.0616, '*2/*3': -1.9206, '*3/*3': -2.3312 };
const VKORC1: Record<string, number> = { 'G/G': 0, 'G/A': -0.8677, 'A/A': -1.6974 };
const RACE: Record<string, number> = { white: 0, asian: -0.1092, black: -0.276, mixed_or_unknown: -0.1032 };

export function iwpcPharmacogeneticWeeklyDose(request: WarfarinDoseRequest): number {
  const sqrtDose =
    5.6044 -
    0.2614 * Math.floor(request.ageYears / 10) +
    0.0087 * request.heightCm +
    0.0128 * request.weightKg +
    (request.vkorc1 === null ? -0.4854 : VKORC1[request.vkorc1]) +
    (request.cyp2c9 === null ? -0.2188 : CYP2C9[request.cyp2c9]) +
    RACE[request.race] +
    (request.enzymeInducer ? 1.1816 : 0) +
    (request.amiodarone ? -0.5503 : 0);
  return sqrtDose * sqrtDose;
}
