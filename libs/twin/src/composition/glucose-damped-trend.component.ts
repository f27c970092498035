/**
 * The glucose component of a person with CGM who does not inject insulin (type 2 diabetes without insulin,
 * prediabetes, no diabetes): the damped-trend model with mean reversion to a personal basal level
 * (glucose-damped-trend.model.ts), as an ensemble member
 *
 *   [ g | d | b ]   glucose (mg/dL), its rate (mg/dL per 5 min), the person's basal level (mg/dL)
 *
 * assimilated by the twin's EnKF. The basal level is learnt online from the person's own stream (a state with a slow
 * random walk). The model is linear, so its noise is drawn in antithetic pairs (member j and j + n/2 get opposite
 * draws): the ensemble mean then advances exactly as the model's mean, and the forecast's centre carries no Monte
 * Carlo error from the process noise (Hammersley JM, Morton KW. Proc Camb Phil Soc 1956;52:449–475).
 */
import type { SeededRandom } from '@shuji/stats';
import type { ParameterPriorEntry } from '../state/twin-event';
import { DAMPED_TREND_STEP_MIN, DEFAULT_DAMPED_TREND, dampedTrendMean, dampedTrendNoiseSd, type DampedTrendSettings } from './glucose-damped-trend.model';
import type { KnownInputs } from './known-inputs';
import { ObservationCodes } from './observation-codes';
import type { ComponentVariable, EnsembleComponent } from './twin-component';

/**
 * Before the first reading: glucose around 115 mg/dL with SD 40 (the order of mean CGM glucose of adults with
 * prediabetes or non-insulin-treated type 2 diabetes; from memory, deliberately wide: the first reading sets it), the
 * basal level within 20 mg/dL of it, the rate within 1 mg/dL per step.
 */
const PRIOR = { glucose: 115, glucoseSd: 40, basalOffsetSd: 20, rateSd: 1 } as const;
/** Physical bounds of a member: glucose and basal level in mg/dL, the rate in mg/dL per step (≈ 6 mg/dL/min). */
const BOUNDS = { glucose: [20, 600], basal: [40, 400], rate: 30 } as const;
/** Readings a CGM reports (mg/dL): outside, a sensor fault, not glucose. */
const CGM_RANGE_MG_DL = { min: 20, max: 600 } as const;
const I_G = 0;
const I_D = 1;
const I_B = 2;

export class GlucoseDampedTrendComponent implements EnsembleComponent {
  static readonly modelId = 'glucose-damped-trend';
  /** model@version/twin.revision: snapshots of another layout or filter never restore into this one. */
  readonly id = 'glucose-damped-trend@1/twin.1';
  readonly size = 3;
  readonly explains = [ObservationCodes.cgmGlucose];
  readonly localisation = new Float64Array(3).fill(1);
  readonly variables: readonly ComponentVariable[] = [
    { name: 'glucose', unit: 'mg/dL', index: I_G, kind: 'state' },
    { name: 'glucose_rate', unit: 'mg/dL/5min', index: I_D, kind: 'state' },
    { name: 'basal_glucose', unit: 'mg/dL', index: I_B, kind: 'state' },
  ];

  constructor(private readonly settings: DampedTrendSettings = DEFAULT_DAMPED_TREND) {
    if (!(settings.phi >= 0 && settings.phi < 1) || !(settings.k >= 0 && settings.k < 1)) throw new RangeError('damped trend: phi and k must lie in [0, 1)');
    for (const key of ['qGlucose', 'qRate', 'qBasal', 'readingVariance'] as const) {
      if (!(settings[key] >= 0)) throw new RangeError(`damped trend: ${key} must be non-negative`);
    }
  }

  initialEnsemble(rng: SeededRandom, n: number): Float64Array[] {
    return Array.from({ length: n }, () => {
      const member = new Float64Array(this.size);
      member[I_G] = PRIOR.glucose + PRIOR.glucoseSd * rng.normal();
      member[I_D] = PRIOR.rateSd * rng.normal();
      member[I_B] = member[I_G] + PRIOR.basalOffsetSd * rng.normal();
      this.project(member);
      return member;
    });
  }

  /** Advances by (tb − ta) in steps of at most 5 min, with antithetic noise; `rng` null: the noise-free mean. */
  propagate(members: readonly Float64Array[], ta: number, tb: number, _inputs: KnownInputs, rng: SeededRandom | null): void {
    const half = Math.floor(members.length / 2);
    let left = (tb - ta) / DAMPED_TREND_STEP_MIN;
    while (left > 1e-9) {
      const f = Math.min(1, left);
      const sd = dampedTrendNoiseSd(this.settings, f);
      const draws = rng === null ? null : Array.from({ length: members.length - half }, () => [rng.normal(), rng.normal(), rng.normal()]);
      members.forEach((member, j) => {
        const [g, d, b] = dampedTrendMean(this.settings, [member[I_G], member[I_D], member[I_B]], f);
        const z = draws === null ? null : j < half ? draws[j] : j < 2 * half ? draws[j - half].map((x) => -x) : draws[half];
        member[I_G] = g + (z === null ? 0 : sd[0] * z[0]);
        member[I_D] = d + (z === null ? 0 : sd[1] * z[1]);
        member[I_B] = b + (z === null ? 0 : sd[2] * z[2]);
      });
      left -= f;
    }
  }

  observe(member: Float64Array, loinc: string): number | null {
    return loinc === ObservationCodes.cgmGlucose.loinc ? member[I_G] : null;
  }

  observationVariance(): number {
    return this.settings.readingVariance;
  }

  isPlausibleReading(loinc: string, value: number): boolean {
    if (!Number.isFinite(value)) return false;
    return loinc !== ObservationCodes.cgmGlucose.loinc || (value >= CGM_RANGE_MG_DL.min && value <= CGM_RANGE_MG_DL.max);
  }

  project(member: Float64Array): void {
    member[I_G] = Math.min(BOUNDS.glucose[1], Math.max(BOUNDS.glucose[0], member[I_G]));
    member[I_B] = Math.min(BOUNDS.basal[1], Math.max(BOUNDS.basal[0], member[I_B]));
    member[I_D] = Math.min(BOUNDS.rate, Math.max(-BOUNDS.rate, member[I_D]));
  }

  /** After a gap too long to follow: glucose afresh around the learnt basal level, the rate afresh; the basal level kept. */
  restart(members: readonly Float64Array[], rng: SeededRandom): Float64Array[] {
    return members.map((m) => {
      const member = Float64Array.from(m);
      member[I_G] = member[I_B] + PRIOR.basalOffsetSd * rng.normal();
      member[I_D] = PRIOR.rateSd * rng.normal();
      this.project(member);
      return member;
    });
  }

  /** No log-parameters: the model's settings are fixed, the person's basal level is a state. */
  redrawParameters(_members: readonly Float64Array[], _prior: readonly ParameterPriorEntry[]): string[] {
    return [];
  }
}
