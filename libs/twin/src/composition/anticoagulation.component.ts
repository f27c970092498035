/**
 * The anticoagulation component: a person on warfarin as an ensemble member,
 *
 *   [ Ad Ac Ap T1 … T6 T7 | x | g_CYP2C9 g_VKORC1 | log CL, log EC50, log V1, log V2, log MTT1, log MTT2, log BASE ]
 *
 * The states are those of Hamberg et al. 2007 (Clin Pharmacol Ther 81:529-538; ./warfarin-pkpd-step.ts): S-warfarin in
 * depot, central and peripheral compartments, the two transit chains of clotting-factor activity; INR = BASE +
 * 20·(1 − T6·T7)^3.61. x is a slow Ornstein–Uhlenbeck disturbance of log(EC50) for what the model does not explain —
 * vitamin K intake, an interacting drug missing from the data (amiodarone lowers S-warfarin clearance, which at the
 * same dose is the same as a lower EC50), missed tablets — the disturbance-state augmentation of Kalman filtering.
 * g are the member's genotypes (indices into CYP2C9_GENOTYPES, VKORC1_GENOTYPES), never updated by a reading.
 *
 * Personal parameters in log space from the paper's population: CL = 0.314 L/h × (1 − CYP2C9 reduction, Table 2) ×
 * the age factor (−0.91 %/year from 71), EC50 by VKORC1 (Table 4), each with the paper's inter-individual variability
 * (see WARFARIN_IIV). A genotype the twin does not know is drawn per member from the population mixture (Hardy–Weinberg
 * from the CPIC allele frequencies, ancestry-weighted when the ancestry is given: @shuji/models warfarin-population),
 * so an unknown genotype widens the ensemble rather than assuming the wild type; a genotype finding moves each member
 * to the observed genotype (conditionOnFinding).
 *
 * Doses: medication-dose events of warfarin (ATC B01AA03), racemic mg, half of it S-warfarin; other ATC codes are left
 * to other components. Recorded doses (taken or dispensed) count whole: a missed tablet is not known to the twin and
 * moves x. A prescription's planned doses (medication-schedule) count by each member's adherence. Propagation is a fixed-step RK4 (1 h), so a gap costs its length: ~24 steps per member-day.
 */
import {
  CYP2C9_CLEARANCE_REDUCTION,
  CYP2C9_GENOTYPES,
  genotypeAt,
  genotypeMixture,
  parseCyp2c9Genotype,
  parseVkorc1Genotype,
  VKORC1_EC50_MG_PER_L,
  VKORC1_GENOTYPES,
  type GenotypeWeight,
  type WarfarinRace,
} from '@shuji/models';
import type { SeededRandom } from '@shuji/stats';
import { DEFAULT_TWIN_SETTINGS, type TwinSettings } from '../state/twin-engine';
import type { ParameterPriorEntry } from '../state/twin-event';
import { redrawCorrelated, type RedrawTarget } from './correlated-redraw';
import { INR_CODES, INR_READING_CV, inrReadingVariance, isInrCode, isPlausibleInr } from './inr-observation.model';
import { dosesOfDrug, plannedDoseAdherence, type KnownInputs } from './known-inputs';
import type { ComponentVariable, EnsembleComponent } from './twin-component';
import { advanceWarfarin, drugNaiveWarfarinState, HAMBERG_FIXED, WARFARIN_STATE_COUNT, warfarinInr, type WarfarinPkpdParameters } from './warfarin-pkpd-step';

/** ATC code of warfarin. */
export const WARFARIN_ATC = 'B01AA03';

/**
 * Population values and inter-individual variability (log-SD) of the estimated parameters.
 * CL 0.314 L/h (*1/*1, age 71), V1 13.8 L, V2 6.59 L, MTT1 11.6 h, MTT2 120 h: Hamberg 2007 Tables 2 and 4. IIV:
 * CL 0.31 and EC50 0.41, read as the paper's CVs (%) of 31 and 40.9 — from memory and not re-checked; libs/models'
 * model spec reads the same numbers as variances (log-SD 0.56, 0.64), which would make the dose requirement vary far
 * more than the ~0.5 log-SD that dosing algorithms leave unexplained, so the CV reading is used here. V1, V2, MTT1,
 * MTT2: 0.2, 0.3, 0.2, 0.2, assumed (the paper's values were not at hand). BASE (pre-treatment INR) 1.0 with 0.08,
 * assumed (a normal INR is 0.8–1.2).
 */
export const WARFARIN_IIV = { CL: 0.31, EC50: 0.41, V1: 0.2, V2: 0.3, MTT1: 0.2, MTT2: 0.2, INRbase: 0.08 } as const;
const POPULATION = { CL: 0.314, V1: 13.8, V2: 6.59, MTT1: 11.6, MTT2: 120, INRbase: 1 } as const;
/** Hamberg 2007: S-warfarin clearance falls by 0.91 % per year of age above 71. */
const AGE_EFFECT_PER_YEAR = 0.0091;

/**
 * Settings for a twin of this component alone: 128 members (the 10–90 % sample quantiles of n members cover
 * 0.8·(n − 1)/(n + 1) in expectation, 78.8 % for 128; a member-day costs ~24 RK4 steps), no RTPS, gaps up to 90 days
 * integrated. On seed "tuning" (40 people, 7-day INR after dose changes) 64 members gave 34.0 % below the last value
 * with 78.8 % coverage but 77.9 % at 3 days, 256 members 34.7 % and 80.3 % at twice the cost, RTPS 0.5 no gain.
 */
export const ANTICOAGULATION_TWIN_SETTINGS: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 128, rtps: 0, maxGapMin: 90 * 1440 };

export interface AnticoagulationComponentOptions {
  /** Ancestry for the genotype mixture when the genotype is unknown (default 'mixed_or_unknown': the three equally). */
  readonly ancestry?: WarfarinRace;
  /** Age in years (default 71, the paper's reference age). */
  readonly ageYears?: number;
  /**
   * The exposure disturbance x (log EC50): correlation time (days) and stationary SD. Default 30 d and 0.3, chosen on
   * the tuning cohort among SD 0.2–0.4 and 30–60 d (without it the intervals covered 66 %): diet and interacting drugs
   * move the dose requirement by tens of percent over weeks.
   */
  readonly disturbance?: { readonly tauDays: number; readonly sd: number };
  /** CV of a laboratory and of a point-of-care reading (default INR_READING_CV). */
  readonly readingCv?: { readonly laboratory: number; readonly pointOfCare: number };
  /** Gain weight of the PK amounts (default 1). */
  readonly pkLocalisation?: number;
}

interface EstimatedWarfarinParameter {
  readonly name: keyof typeof WARFARIN_IIV;
  readonly unit: string;
  readonly logSd: number;
  readonly logBounds: readonly [number, number];
}

const I_X = WARFARIN_STATE_COUNT;
const I_CYP = I_X + 1;
const I_VK = I_X + 2;
const I_THETA = I_X + 3;
const DISTURBANCE_LIMIT = 2.5;
const ESTIMATED: readonly EstimatedWarfarinParameter[] = [
  { name: 'CL', unit: 'L/h', logSd: WARFARIN_IIV.CL, logBounds: [Math.log(0.01), Math.log(2)] },
  { name: 'EC50', unit: 'mg/L', logSd: WARFARIN_IIV.EC50, logBounds: [Math.log(0.2), Math.log(30)] },
  { name: 'V1', unit: 'L', logSd: WARFARIN_IIV.V1, logBounds: [Math.log(3), Math.log(60)] },
  { name: 'V2', unit: 'L', logSd: WARFARIN_IIV.V2, logBounds: [Math.log(1), Math.log(60)] },
  { name: 'MTT1', unit: 'h', logSd: WARFARIN_IIV.MTT1, logBounds: [Math.log(3), Math.log(48)] },
  { name: 'MTT2', unit: 'h', logSd: WARFARIN_IIV.MTT2, logBounds: [Math.log(30), Math.log(480)] },
  { name: 'INRbase', unit: '{INR}', logSd: WARFARIN_IIV.INRbase, logBounds: [Math.log(0.7), Math.log(1.8)] },
];

export class AnticoagulationComponent implements EnsembleComponent {
  static readonly modelId = 'hamberg-warfarin';
  /** model@version/twin.revision (snapshots of another layout or filter are never restored into this one). */
  readonly id = 'hamberg-warfarin@1/twin.1';
  readonly explains = [...INR_CODES];
  /** Clinic INRs come weeks apart and the drug's states need the doses since: gaps up to 90 days are integrated. */
  readonly maxGapMin = 90 * 1440;
  readonly iDisturbance = I_X;
  readonly iTheta = I_THETA;
  readonly size = I_THETA + ESTIMATED.length;
  readonly estimated = ESTIMATED;
  readonly localisation: Float64Array;
  readonly variables: readonly ComponentVariable[];
  readonly mixture: readonly GenotypeWeight[];
  private readonly ageFactor: number;
  private readonly ou: { readonly tauMin: number; readonly sd: number };
  private readonly readingCv: { readonly laboratory: number; readonly pointOfCare: number };

  constructor(options: AnticoagulationComponentOptions = {}) {
    const disturbance = options.disturbance ?? { tauDays: 30, sd: 0.3 };
    if (!(disturbance.tauDays > 0) || !(disturbance.sd >= 0)) throw new RangeError('disturbance: tauDays must be positive and sd non-negative');
    const age = options.ageYears ?? 71;
    if (!(age >= 18 && age <= 100)) throw new RangeError('ageYears: must be between 18 and 100');
    this.ageFactor = 1 - AGE_EFFECT_PER_YEAR * (age - 71);
    this.ou = { tauMin: disturbance.tauDays * 1440, sd: disturbance.sd };
    this.readingCv = options.readingCv ?? INR_READING_CV;
    this.mixture = genotypeMixture(options.ancestry ?? 'mixed_or_unknown', null, null);
    this.localisation = new Float64Array(this.size).fill(1).fill(options.pkLocalisation ?? 1, 0, 3).fill(0, I_CYP, I_VK + 1);
    this.variables = [
      { name: 's_warfarin_central', unit: 'mg', index: 1, kind: 'state' },
      { name: 'clotting_activity_fast', unit: '1', index: 8, kind: 'state' },
      { name: 'clotting_activity_slow', unit: '1', index: 9, kind: 'state' },
      { name: 'exposure_disturbance', unit: '1', index: I_X, kind: 'state' },
      ...ESTIMATED.map((p, k) => ({ name: p.name, unit: p.unit, index: I_THETA + k, kind: 'log-parameter' as const })),
    ];
  }

  /** The member's PK/PD parameters. */
  parameters(member: Float64Array): WarfarinPkpdParameters {
    return {
      clL_h: Math.exp(member[I_THETA]),
      ec50MgL: Math.exp(member[I_THETA + 1]),
      v1L: Math.exp(member[I_THETA + 2]),
      v2L: Math.exp(member[I_THETA + 3]),
      mtt1H: Math.exp(member[I_THETA + 4]),
      mtt2H: Math.exp(member[I_THETA + 5]),
      inrBase: Math.exp(member[I_THETA + 6]),
    };
  }

  /** The member's genotypes. */
  genotype(member: Float64Array): { readonly cyp2c9: (typeof CYP2C9_GENOTYPES)[number]; readonly vkorc1: (typeof VKORC1_GENOTYPES)[number] } {
    return { cyp2c9: CYP2C9_GENOTYPES[member[I_CYP]], vkorc1: VKORC1_GENOTYPES[member[I_VK]] };
  }

  /** Population log mean of CL and EC50 for a genotype. */
  private logMeans(cyp: number, vk: number): { readonly cl: number; readonly ec50: number } {
    return {
      cl: Math.log(POPULATION.CL * this.ageFactor * (1 - CYP2C9_CLEARANCE_REDUCTION[CYP2C9_GENOTYPES[cyp]])),
      ec50: Math.log(VKORC1_EC50_MG_PER_L[VKORC1_GENOTYPES[vk]]),
    };
  }

  private clipLog(k: number, x: number): number {
    const [lo, hi] = ESTIMATED[k].logBounds;
    return Math.min(hi, Math.max(lo, x));
  }

  initialEnsemble(rng: SeededRandom, n: number): Float64Array[] {
    return Array.from({ length: n }, () => {
      const member = new Float64Array(this.size);
      drugNaiveWarfarinState(member, 0);
      member[I_X] = this.ou.sd * rng.normal();
      const g = genotypeAt(this.mixture, rng.uniform());
      member[I_CYP] = CYP2C9_GENOTYPES.indexOf(g.cyp2c9);
      member[I_VK] = VKORC1_GENOTYPES.indexOf(g.vkorc1);
      const means = this.logMeans(member[I_CYP], member[I_VK]);
      const logMean = [means.cl, means.ec50, Math.log(POPULATION.V1), Math.log(POPULATION.V2), Math.log(POPULATION.MTT1), Math.log(POPULATION.MTT2), Math.log(POPULATION.INRbase)];
      ESTIMATED.forEach((p, k) => (member[I_THETA + k] = this.clipLog(k, logMean[k] + p.logSd * rng.normal())));
      return member;
    });
  }

  /**
   * Advances the members from ta to tb (minutes): the warfarin doses in [ta, tb) enter the depot (a prescription's
   * planned doses weighed by the member's adherence, plannedDoseAdherence), the states are
   * integrated a day at most at a time with x held, and x takes its exact OU transition over each day. `rng` null:
   * noise-free.
   */
  propagate(members: readonly Float64Array[], ta: number, tb: number, inputs: KnownInputs, rng: SeededRandom | null): void {
    if (!(tb > ta)) return;
    const doses = dosesOfDrug(inputs, WARFARIN_ATC, ta, tb, true);
    members.forEach((member, j) => {
      const adherence = plannedDoseAdherence(j, members.length);
      const p = this.parameters(member);
      let t = ta;
      let next = 0;
      while (t < tb) {
        const dayEnd = Math.min(tb, t + 1440);
        const x = member[I_X];
        const from = t;
        while (next < doses.length && doses[next].tMin < dayEnd) {
          advanceWarfarin(member, 0, (doses[next].tMin - t) / 60, p, x);
          t = doses[next].tMin;
          member[0] += HAMBERG_FIXED.fractionS * doses[next].mg * (doses[next].planned ? adherence : 1);
          next++;
        }
        advanceWarfarin(member, 0, (dayEnd - t) / 60, p, x);
        const a = Math.exp(-(dayEnd - from) / this.ou.tauMin);
        member[I_X] = a * x + (rng === null ? 0 : this.ou.sd * Math.sqrt(1 - a * a) * rng.normal());
        t = dayEnd;
      }
    });
  }

  observe(member: Float64Array, loinc: string): number | null {
    return isInrCode(loinc) ? warfarinInr(member, 0, this.parameters(member)) : null;
  }

  observationVariance(loinc: string, value: number): number {
    return inrReadingVariance(loinc, value, this.readingCv);
  }

  isPlausibleReading(loinc: string, value: number): boolean {
    return isPlausibleInr(loinc, value);
  }

  /** Physical bounds: amounts ≥ 0, activities in [0, 1], a bounded disturbance, parameters within theirs. */
  project(member: Float64Array): void {
    for (let i = 0; i < 3; i++) if (!(member[i] >= 0)) member[i] = 0;
    for (let i = 3; i < WARFARIN_STATE_COUNT; i++) member[i] = Math.min(1, Math.max(0, member[i]));
    member[I_X] = Math.min(DISTURBANCE_LIMIT, Math.max(-DISTURBANCE_LIMIT, member[I_X]));
    for (let k = 0; k < ESTIMATED.length; k++) member[I_THETA + k] = this.clipLog(k, member[I_THETA + k]);
  }

  /** After a long gap: a fresh disturbance; the drug states (stale: the engine gives no doses here), genotypes and parameters kept. */
  restart(members: readonly Float64Array[], rng: SeededRandom): Float64Array[] {
    return members.map((m) => {
      const member = Float64Array.from(m);
      member[I_X] = this.ou.sd * rng.normal();
      return member;
    });
  }

  redrawParameters(members: readonly Float64Array[], prior: readonly ParameterPriorEntry[], rng: SeededRandom, correlation?: readonly number[]): string[] {
    const targets: RedrawTarget[] = ESTIMATED.flatMap((p, k) => {
      const at = prior.findIndex((e) => e.name === p.name && Number.isFinite(e.logMean) && e.logSd >= 0);
      return at < 0 ? [] : [{ entry: prior[at], at, index: I_THETA + k, clip: (x: number) => this.clipLog(k, x) }];
    });
    redrawCorrelated(members, targets, prior.length, rng, correlation);
    return targets.map((t) => t.entry.name);
  }

  /**
   * A CYP2C9 or VKORC1 finding: every member takes the observed genotype, its CL (or EC50) moved by the ratio of the
   * genotypes' population values, so the member's own deviation from its genotype's mean (what the readings taught it)
   * is kept. Deterministic (`rng` unused). A result that does not parse, or another gene, leaves the members as they
   * are (the edge refuses a bad genotype before it is logged).
   */
  conditionOnFinding(members: readonly Float64Array[], gene: string, result: string, _rng: SeededRandom): boolean {
    const which = /CYP2C9/i.test(gene) ? 'cyp' : /VKORC1/i.test(gene) ? 'vk' : undefined;
    if (which === undefined) return false;
    let observed: number;
    try {
      observed = which === 'cyp' ? CYP2C9_GENOTYPES.indexOf(parseCyp2c9Genotype(result)) : VKORC1_GENOTYPES.indexOf(parseVkorc1Genotype(result));
    } catch {
      return false;
    }
    for (const member of members) {
      const before = this.logMeans(member[I_CYP], member[I_VK]);
      if (which === 'cyp') member[I_CYP] = observed;
      else member[I_VK] = observed;
      const after = this.logMeans(member[I_CYP], member[I_VK]);
      member[I_THETA] = this.clipLog(0, member[I_THETA] + after.cl - before.cl);
      member[I_THETA + 1] = this.clipLog(1, member[I_THETA + 1] + after.ec50 - before.ec50);
    }
    return true;
  }
}

