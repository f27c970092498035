/**
 * Warfarin maintenance dose from the Hamberg 2007 PK/PD model (Clin Pharmacol Ther 2007;81:529–538), not
 * from a regression formula.
 *
 * For each CYP2C9 × VKORC1 genotype the person may carry (known, or the ancestry's Hardy–Weinberg mixture:
 * @shuji/models hamberg-warfarin/warfarin-population.ts), the daily dose whose steady-state INR equals the target is found on
 * the model (./steady-state-inr.ts), with the person's age and the clearance factors of interacting drugs (edges of the
 * knowledge base, ./warfarin-interactions.ts). The dose and its interval then come from 4,000 virtual people drawn with
 * a fixed seed: a genotype from the mixture, and
 * the paper's inter-individual variability of S-warfarin clearance (ω² 0.310) and EC50 (ω² 0.409), read from
 * the model's priors. An individual's dose is the genotype's dose × CL_i/CL × EC50_i/EC50: at the model's
 * steady state the INR depends on the dose only through Cavg/EC50 = fS·D/(τ·CL·EC50), so this scaling is
 * exact for the average concentration and within 2 % of a per-person simulation at 1.8× clearance (the
 * peak–trough swing grows with clearance; checked in the spec). The dose given is
 * the median of the virtual people and the interval their 10th–90th percentiles.
 * Height and weight are checked but unused: the Hamberg 2007 model has no body-size covariate.
 */
import { HAMBERG_WARFARIN_MODEL, warfarinGenotypeParameters, type Cyp2c9Genotype, type Vkorc1Genotype } from '@shuji/models';
import { quantileOfSorted, randomStream } from '@shuji/stats';
import { dailyDoseForTargetInr } from './steady-state-inr';
import type { WarfarinDoseRequest } from './warfarin-dose.request';
import { genotypeMixture } from '@shuji/models';
import { AMIODARONE_CLEARANCE, ENZYME_INDUCER_CLEARANCE } from './warfarin-interactions';

const DRAWS = 4000;
const SEED = 20070401;
const INTERVAL_LEVEL = 0.8;

export interface WarfarinDoseResult {
  readonly weekly_dose_mg: number;
  readonly interval: readonly [number, number];
  readonly interval_level: number;
  readonly rests_on: {
    readonly model: { readonly id: string; readonly version: string; readonly reference: string };
    readonly target_inr: number;
    readonly age_years: number;
    readonly genotypes: readonly { readonly cyp2c9: Cyp2c9Genotype; readonly vkorc1_1639: Vkorc1Genotype; readonly probability: number; readonly weekly_dose_mg: number }[];
    readonly genotype_source: string;
    readonly clearance_factors: readonly { readonly drug: string; readonly factor: number; readonly source: string }[];
    readonly inter_individual_variability: { readonly clearance_log_variance: number; readonly ec50_log_variance: number; readonly draws: number; readonly seed: number };
    readonly not_used: readonly { readonly field: string; readonly why: string }[];
  };
}

function priorLogSd(name: string): number {
  const prior = HAMBERG_WARFARIN_MODEL.parameters.find((p) => p.name === name)?.prior;
  if (prior?.kind !== 'lognormal') throw new Error(`hamberg-warfarin: ${name} has no lognormal prior`);
  return prior.logSd;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export function calculateWarfarinDose(request: WarfarinDoseRequest): WarfarinDoseResult {
  const factors: { drug: string; factor: number; source: string }[] = [];
  if (request.amiodarone) {
    factors.push({ drug: 'amiodarone', ...AMIODARONE_CLEARANCE });
  }
  if (request.enzymeInducer) {
    factors.push({ drug: 'enzyme inducer', ...ENZYME_INDUCER_CLEARANCE });
  }
  const clearanceFactor = factors.reduce((product, f) => product * f.factor, 1);
  const typicalClearance = HAMBERG_WARFARIN_MODEL.parameters.find((p) => p.name === 'CL11')?.default ?? Number.NaN;

  const mixture = genotypeMixture(request.race, request.cyp2c9, request.vkorc1).map((g) => ({
    ...g,
    dailyDose: dailyDoseForTargetInr(
      { age: request.ageYears, CL11: typicalClearance * clearanceFactor, ...warfarinGenotypeParameters(g.cyp2c9, g.vkorc1) },
      request.targetInr,
    ),
  }));

  const random = randomStream(SEED);
  const sdClearance = priorLogSd('CL11');
  const sdEc50 = priorLogSd('EC50');
  const weekly = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) {
    let u = random.uniform();
    const g = mixture.find((candidate) => (u -= candidate.probability) < 0) ?? mixture[mixture.length - 1];
    weekly[i] = 7 * g.dailyDose * Math.exp(sdClearance * random.normal() + sdEc50 * random.normal());
  }
  weekly.sort();
  const tail = (1 - INTERVAL_LEVEL) / 2;
  return {
    weekly_dose_mg: round1(quantileOfSorted(weekly, 0.5)),
    interval: [round1(quantileOfSorted(weekly, tail)), round1(quantileOfSorted(weekly, 1 - tail))],
    interval_level: INTERVAL_LEVEL,
    rests_on: {
      model: { id: HAMBERG_WARFARIN_MODEL.id, version: HAMBERG_WARFARIN_MODEL.version, reference: 'Hamberg AK, et al. Clin Pharmacol Ther 2007;81:529 (doi:10.1038/sj.clpt.6100084)' },
      target_inr: request.targetInr,
      age_years: request.ageYears,
      genotypes: mixture.map((g) => ({ cyp2c9: g.cyp2c9, vkorc1_1639: g.vkorc1, probability: g.probability, weekly_dose_mg: round1(7 * g.dailyDose) })),
      genotype_source:
        request.cyp2c9 !== null && request.vkorc1 !== null
          ? 'as given'
          : `unknown genes drawn from ${request.race === 'mixed_or_unknown' ? 'the mean of European, African and East Asian' : `${request.race} ancestry`} allele frequencies (CPIC 2017 supplement, Hardy–Weinberg)`,
      clearance_factors: factors,
      inter_individual_variability: { clearance_log_variance: sdClearance ** 2, ec50_log_variance: sdEc50 ** 2, draws: DRAWS, seed: SEED },
      not_used: ['height_cm', 'weight_kg'].map((field) => ({ field, why: 'the Hamberg 2007 model has no body-size covariate' })),
    },
  };
}
