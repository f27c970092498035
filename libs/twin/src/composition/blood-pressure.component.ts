/**
 * The blood-pressure component: a person's systolic and diastolic pressure as an ensemble member,
 *
 *   [ x_s x_d | w_s w_d | C_1 … C_K | log SBP₀, log DBP₀, log CL_1, log s_1, …, log CL_K, log s_K ]
 *
 * SBP = SBP₀ + x_s − Σ_k E_k(C_k) (+ w_s at the office), likewise DBP. SBP₀/DBP₀ are the person's untreated
 * (home) pressures; x is a slow Ornstein–Uhlenbeck disturbance for what the model does not explain (season, salt,
 * weight, adherence), the disturbance-state augmentation of Kalman filtering; w is the white-coat offset (office
 * minus home); C_k is the plasma concentration of antihypertensive k (libs/models antihypertensive-pkpd: one-
 * compartment oral popPK, Flynn 2006 for amlodipine, Thomson 1989 for lisinopril), a deterministic function of the
 * known doses and the member's CL/F, written at every propagation; E_k is its Emax effect (Law 2003), larger from a
 * higher pre-treatment pressure, scaled by the person's sensitivity s_k. Parameters are estimated in log space
 * from population priors (the papers' IIV), never from the person's truth.
 *
 * A dose whose ATC code is not one of the component's drugs is ignored (another component may explain it).
 * Propagation is closed form (superposed Bateman functions, exact OU transition), so any gap costs the same: a
 * twin of this component alone should use BLOOD_PRESSURE_TWIN_SETTINGS. A restart (the engine's answer to a longer
 * gap) cannot recompute the concentrations (it is given no time or doses), so the reading after it sees them stale;
 * a twin whose gap limit is shorter than its reading interval (the default 6 h) would restart at every reading and
 * never see a dose.
 */
import { ANTIHYPERTENSIVES, antihypertensiveEffect, oralConcentration, type AntihypertensiveDrug } from '@shuji/models';
import type { SeededRandom } from '@shuji/stats';
import { DEFAULT_TWIN_SETTINGS, type TwinSettings } from '../state/twin-engine';
import type { ParameterPriorEntry } from '../state/twin-event';
import {
  bloodPressureQuantity,
  isPlausibleBloodPressure,
  predictedReading,
  READING_SD,
  WHITE_COAT_PRIOR,
  type BloodPressureSetting,
  type SystolicDiastolic,
} from './blood-pressure-observation.model';
import { redrawCorrelated, type RedrawTarget } from './correlated-redraw';
import { dosesOfDrug, plannedDoseAdherence, type KnownInputs } from './known-inputs';
import { ObservationCodes } from './observation-codes';
import type { ComponentVariable, EnsembleComponent } from './twin-component';

/**
 * Settings for a twin of this component alone: gaps up to 90 days are integrated (weekly office visits, holidays;
 * closed form, so cheap); 256 members, since the 10–90 % sample quantiles of n members cover 0.8·(n − 1)/(n + 1)
 * in expectation (77.5 % for 64, 79.4 % for 256) and a member costs microseconds; no RTPS, as a reading a day on a
 * model linear in its states does not collapse 256 members' spread (on seed "tuning", RTPS 0.5 widened the
 * intervals and raised the 60-day RMSE by 1–2 %).
 */
export const BLOOD_PRESSURE_TWIN_SETTINGS: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 256, rtps: 0, maxGapMin: 90 * 1440 };

/** Doses older than this (minutes) no longer contribute: ≥ 39 half-lives of the slowest drug (amlodipine, 37 h). */
const DOSE_MEMORY_MIN = 60 * 1440;

export interface BloodPressureComponentOptions {
  /** Where the readings are taken (default 'home'): the reading SD and whether the white-coat offset is observed. */
  readonly setting?: BloodPressureSetting;
  /**
   * Population prior of the untreated home pressure: median (mmHg) and log-SD. Default 145/88, log-SD 0.1/0.1: a
   * treated-hypertension population, not the person.
   */
  readonly baselinePrior?: { readonly median: SystolicDiastolic; readonly logSd: SystolicDiastolic };
  /** The antihypertensives the component knows (default: amlodipine and lisinopril). */
  readonly drugs?: readonly AntihypertensiveDrug[];
  /**
   * OU disturbance: correlation time (days), stationary SDs (mmHg) and the correlation of the systolic and diastolic
   * innovations. Assumed default 30 d, 5/3 mmHg, 0.6: drift over weeks of a few mmHg (e.g. the ~5 mmHg winter–summer
   * swing, Brennan PJ et al., BMJ 1982;285:919-923), systolic and diastolic moving together.
   */
  readonly disturbance?: { readonly tauDays: number; readonly sd: SystolicDiastolic; readonly correlation: number };
  /** Gain weight of the log-parameters (default 1: readings are few, so their sample covariances are trusted). */
  readonly parameterLocalisation?: number;
}

interface EstimatedBpParameter {
  readonly name: string;
  readonly logMean: number;
  readonly logSd: number;
  readonly logBounds: readonly [number, number];
}

const N_STATE = 4;
const DISTURBANCE_LIMIT_MM_HG = 60;
const WHITE_COAT_LIMIT_MM_HG = 50;
/** Pulse pressure floor (mmHg) kept between the baselines. */
const MIN_PULSE_PRESSURE = 10;

export class BloodPressureComponent implements EnsembleComponent {
  /** model@version/twin.revision (snapshots of another layout or filter are never restored into this one). */
  readonly id = 'blood-pressure-pkpd@1/twin.1';
  readonly explains = [ObservationCodes.systolicBp, ObservationCodes.diastolicBp];
  /** Clinic readings come months apart and drug levels need the doses since: gaps up to 90 days are integrated. */
  readonly maxGapMin = 90 * 1440;
  readonly iXs = 0;
  readonly iXd = 1;
  readonly iWs = 2;
  readonly iWd = 3;
  readonly iConcentration = N_STATE;
  /** First log-parameter: log SBP₀, log DBP₀, then log CL and log s of each drug. */
  readonly iTheta: number;
  readonly setting: BloodPressureSetting;
  readonly drugs: readonly AntihypertensiveDrug[];
  readonly estimated: readonly EstimatedBpParameter[];
  readonly size: number;
  /** Gain weights: 1 for the drift and the parameters, 0 for the concentrations (a function of CL and the doses). */
  readonly localisation: Float64Array;
  /** For the summary: states as they are, log-parameters exponentiated. */
  readonly variables: readonly ComponentVariable[];
  /** The OU disturbance in minutes: correlation time, stationary SDs, correlation of the innovations. */
  private readonly ou: { readonly tauMin: number; readonly sd: SystolicDiastolic; readonly rho: number };

  constructor(options: BloodPressureComponentOptions = {}) {
    this.setting = options.setting ?? 'home';
    this.drugs = options.drugs ?? ANTIHYPERTENSIVES;
    const baseline = options.baselinePrior ?? { median: { sbp: 145, dbp: 88 }, logSd: { sbp: 0.1, dbp: 0.1 } };
    const disturbance = options.disturbance ?? { tauDays: 30, sd: { sbp: 5, dbp: 3 }, correlation: 0.6 };
    if (!(disturbance.tauDays > 0) || !(Math.abs(disturbance.correlation) < 1)) throw new RangeError('disturbance: tauDays must be positive and |correlation| < 1');
    this.ou = { tauMin: disturbance.tauDays * 1440, sd: disturbance.sd, rho: disturbance.correlation };
    this.estimated = [
      { name: 'SBP0', logMean: Math.log(baseline.median.sbp), logSd: baseline.logSd.sbp, logBounds: [Math.log(80), Math.log(250)] },
      { name: 'DBP0', logMean: Math.log(baseline.median.dbp), logSd: baseline.logSd.dbp, logBounds: [Math.log(40), Math.log(150)] },
      ...this.drugs.flatMap((d): EstimatedBpParameter[] => [
        { name: `CL_${d.name}`, logMean: Math.log(d.clL_h), logSd: d.clLogSd, logBounds: [Math.log(d.clL_h / 20), Math.log(d.clL_h * 20)] },
        { name: `sensitivity_${d.name}`, logMean: 0, logSd: d.sensitivityLogSd, logBounds: [Math.log(0.02), Math.log(10)] },
      ]),
    ];
    this.iTheta = N_STATE + this.drugs.length;
    this.size = this.iTheta + this.estimated.length;
    this.localisation = new Float64Array(this.size).fill(1).fill(0, this.iConcentration, this.iTheta).fill(options.parameterLocalisation ?? 1, this.iTheta);
    // at home the white-coat offset is not observed: its sample covariance with a reading is noise
    if (this.setting === 'home') this.localisation.fill(0, this.iWs, this.iWd + 1);
    this.variables = [
      { name: 'sbp_disturbance', unit: 'mm[Hg]', index: this.iXs, kind: 'state' },
      { name: 'dbp_disturbance', unit: 'mm[Hg]', index: this.iXd, kind: 'state' },
      { name: 'white_coat_sbp', unit: 'mm[Hg]', index: this.iWs, kind: 'state' },
      { name: 'white_coat_dbp', unit: 'mm[Hg]', index: this.iWd, kind: 'state' },
      ...this.drugs.map((d, k) => ({ name: `${d.name}_concentration`, unit: 'ng/mL', index: this.iConcentration + k, kind: 'state' as const })),
      ...this.estimated.map((p, k) => ({
        name: p.name,
        unit: p.name.startsWith('CL_') ? 'L/h' : p.name.startsWith('sensitivity_') ? '1' : 'mm[Hg]',
        index: this.iTheta + k,
        kind: 'log-parameter' as const,
      })),
    ];
  }

  /** Member index of log CL (k) or log sensitivity of drug k. */
  private iClearance(k: number): number {
    return this.iTheta + 2 + 2 * k;
  }

  private iSensitivity(k: number): number {
    return this.iTheta + 3 + 2 * k;
  }

  private clipLog(k: number, x: number): number {
    const [lo, hi] = this.estimated[k].logBounds;
    return Math.min(hi, Math.max(lo, x));
  }

  /** A fresh disturbance from its stationary distribution (correlated systolic and diastolic). */
  private drawDisturbance(member: Float64Array, rng: SeededRandom): void {
    const z1 = rng.normal();
    const z2 = rng.normal();
    member[this.iXs] = this.ou.sd.sbp * z1;
    member[this.iXd] = this.ou.sd.dbp * (this.ou.rho * z1 + Math.sqrt(1 - this.ou.rho * this.ou.rho) * z2);
  }

  initialEnsemble(rng: SeededRandom, n: number): Float64Array[] {
    return Array.from({ length: n }, () => {
      const member = new Float64Array(this.size);
      this.drawDisturbance(member, rng);
      member[this.iWs] = WHITE_COAT_PRIOR.mean.sbp + WHITE_COAT_PRIOR.sd.sbp * rng.normal();
      member[this.iWd] = WHITE_COAT_PRIOR.mean.dbp + WHITE_COAT_PRIOR.sd.dbp * rng.normal();
      this.estimated.forEach((p, k) => (member[this.iTheta + k] = this.clipLog(k, p.logMean + p.logSd * rng.normal())));
      this.project(member);
      return member;
    });
  }

  /**
   * Advances the ensemble: the OU disturbance by its exact transition over tb − ta, and each drug's concentration
   * at tb from the doses of its ATC code in the last DOSE_MEMORY_MIN (other codes ignored): the doses recorded as taken,
   * and a prescription's planned doses weighed by the member's adherence (plannedDoseAdherence). `rng` null: noise-free.
   */
  propagate(members: readonly Float64Array[], ta: number, tb: number, inputs: KnownInputs, rng: SeededRandom | null): void {
    const a = Math.exp(-(tb - ta) / this.ou.tauMin);
    const innovation = Math.sqrt(1 - a * a);
    const dosesByDrug = this.drugs.map((drug) => {
      const doses = dosesOfDrug(inputs, drug.atc, tb - DOSE_MEMORY_MIN, tb);
      const hours = (planned: boolean) => doses.filter((d) => d.planned === planned).map((d) => ({ tH: d.tMin / 60, mg: d.mg }));
      return { taken: hours(false), planned: hours(true) };
    });
    members.forEach((member, j) => {
      const z1 = rng === null ? 0 : rng.normal();
      const z2 = rng === null ? 0 : rng.normal();
      member[this.iXs] = a * member[this.iXs] + this.ou.sd.sbp * innovation * z1;
      member[this.iXd] = a * member[this.iXd] + this.ou.sd.dbp * innovation * (this.ou.rho * z1 + Math.sqrt(1 - this.ou.rho * this.ou.rho) * z2);
      this.drugs.forEach((drug, k) => {
        const { taken, planned } = dosesByDrug[k];
        const clearance = Math.exp(member[this.iClearance(k)]);
        const fromPlanned = planned.length === 0 ? 0 : plannedDoseAdherence(j, members.length) * oralConcentration(planned, tb / 60, clearance, drug.vL, drug.kaPerH);
        member[this.iConcentration + k] = oralConcentration(taken, tb / 60, clearance, drug.vL, drug.kaPerH) + fromPlanned;
      });
    });
  }

  /** The person's pressure (mmHg) today, without the white-coat offset. */
  pressure(member: Float64Array, quantity: keyof SystolicDiastolic): number {
    const baseline = Math.exp(member[this.iTheta + (quantity === 'sbp' ? 0 : 1)]);
    // Law 2003's pre-treatment pressures are office readings
    const preTreatment = baseline + WHITE_COAT_PRIOR.mean[quantity];
    let effect = 0;
    this.drugs.forEach((drug, k) => {
      effect += antihypertensiveEffect(drug, quantity, member[this.iConcentration + k], Math.exp(member[this.iSensitivity(k)]), preTreatment);
    });
    return baseline + member[quantity === 'sbp' ? this.iXs : this.iXd] - effect;
  }

  observe(member: Float64Array, loinc: string): number | null {
    const quantity = bloodPressureQuantity(loinc);
    if (quantity === null) return null;
    return predictedReading(this.setting, this.pressure(member, quantity), member[quantity === 'sbp' ? this.iWs : this.iWd]);
  }

  observationVariance(loinc: string): number {
    const quantity = bloodPressureQuantity(loinc) ?? 'sbp';
    return READING_SD[this.setting][quantity] ** 2;
  }

  isPlausibleReading(loinc: string, value: number): boolean {
    return isPlausibleBloodPressure(loinc, value);
  }

  /** Physical bounds: parameters inside theirs, DBP₀ at least 10 mmHg below SBP₀, bounded disturbances and offsets, concentrations ≥ 0. */
  project(member: Float64Array): void {
    for (let k = 0; k < this.estimated.length; k++) member[this.iTheta + k] = this.clipLog(k, member[this.iTheta + k]);
    const sbp0 = Math.exp(member[this.iTheta]);
    if (Math.exp(member[this.iTheta + 1]) > sbp0 - MIN_PULSE_PRESSURE) member[this.iTheta + 1] = this.clipLog(1, Math.log(sbp0 - MIN_PULSE_PRESSURE));
    for (const i of [this.iXs, this.iXd]) member[i] = Math.min(DISTURBANCE_LIMIT_MM_HG, Math.max(-DISTURBANCE_LIMIT_MM_HG, member[i]));
    for (const i of [this.iWs, this.iWd]) member[i] = Math.min(WHITE_COAT_LIMIT_MM_HG, Math.max(-WHITE_COAT_LIMIT_MM_HG, member[i]));
    for (let k = 0; k < this.drugs.length; k++) if (!(member[this.iConcentration + k] >= 0)) member[this.iConcentration + k] = 0;
  }

  /** After a long gap: a fresh disturbance; the parameters, white-coat offsets and (stale) concentrations kept. */
  restart(members: readonly Float64Array[], rng: SeededRandom): Float64Array[] {
    return members.map((m) => {
      const member = Float64Array.from(m);
      this.drawDisturbance(member, rng);
      return member;
    });
  }

  redrawParameters(members: readonly Float64Array[], prior: readonly ParameterPriorEntry[], rng: SeededRandom, correlation?: readonly number[]): string[] {
    const targets: RedrawTarget[] = this.estimated.flatMap((p, k) => {
      const at = prior.findIndex((e) => e.name === p.name && Number.isFinite(e.logMean) && e.logSd >= 0);
      return at < 0 ? [] : [{ entry: prior[at], at, index: this.iTheta + k, clip: (x: number) => this.clipLog(k, x) }];
    });
    redrawCorrelated(members, targets, prior.length, rng, correlation);
    return targets.map((t) => t.entry.name);
  }
}
