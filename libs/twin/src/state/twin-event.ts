import { choleskyFactor } from '@shuji/ode';
import type { ConsentCategory } from '@shuji/contracts';

/**
 * The events a twin is a pure function of (its event log). Times are epoch milliseconds of when the thing
 * happened (effective time), not of arrival. `id` is the producer's event id: the dedupe key.
 */
export interface TwinEventBase {
  readonly id: string;
  readonly patientId: string;
  readonly timeMs: number;
}

export interface ObservationEvent extends TwinEventBase {
  readonly kind: 'observation';
  readonly loinc: string;
  readonly value: number;
  readonly unit: string;
}

export interface MealEvent extends TwinEventBase {
  readonly kind: 'meal';
  readonly carbsG: number;
}

export interface BolusEvent extends TwinEventBase {
  readonly kind: 'insulin-bolus';
  readonly units: number;
}

export interface BasalEvent extends TwinEventBase {
  readonly kind: 'basal-rate';
  readonly unitsPerHour: number;
}

/** A drug taken (not insulin): ATC code, e.g. B01AA03 warfarin, and the dose in mg. */
export interface MedicationDoseEvent extends TwinEventBase {
  readonly kind: 'medication-dose';
  readonly atc: string;
  readonly mg: number;
}

/**
 * A prescribed schedule (a MedicationRequest's dosage instructions): `mg` of the drug (ATC) every `everyMin` minutes
 * from its time until `endMs` (open when absent). Its doses are planned, not recorded as taken: a component weighs
 * them by the person's uncertain adherence (known-inputs.ts).
 */
export interface MedicationScheduleEvent extends TwinEventBase {
  readonly kind: 'medication-schedule';
  readonly atc: string;
  readonly mg: number;
  readonly everyMin: number;
  readonly endMs?: number;
}

/** A physical activity level (PAL) from this time on, e.g. 1.4 sedentary, 1.7 active. */
export interface ActivityLevelEvent extends TwinEventBase {
  readonly kind: 'activity-level';
  readonly pal: number;
}

/** A genotype finding, e.g. gene CYP2C9 result "*1/*3", gene VKORC1 result "GA" (-1639G>A). */
export interface GenotypeEvent extends TwinEventBase {
  readonly kind: 'genotype';
  readonly gene: string;
  readonly result: string;
}

/** A person's consent for one category of their data, granted or withdrawn from this time on (see consent.ts). */
export interface ConsentEvent extends TwinEventBase {
  readonly kind: 'consent';
  readonly category: ConsentCategory;
  readonly granted: boolean;
}

/** A prior over personal parameters, in log space (e.g. the foundation model's personalisation head). */
export interface ParameterPriorEntry {
  readonly name: string;
  /** Mean of ln θ, θ in the model's unit. */
  readonly logMean: number;
  /** SD of ln θ. */
  readonly logSd: number;
}

/**
 * Redraws the ensemble's personal parameters from a prior learnt from the person's history so far (the twin's
 * states stay): an amortised start of the assimilation. Part of the log, so a replay redraws identically.
 */
export interface ParameterPriorEvent extends TwinEventBase {
  readonly kind: 'parameter-prior';
  /** What produced it, e.g. "shuji-fm-v2". */
  readonly source: string;
  readonly parameters: readonly ParameterPriorEntry[];
  /**
   * Correlations of the parameters' log values, row-major n×n in the order of `parameters` (unit diagonal,
   * positive definite; e.g. the batch fit's). Absent: the parameters are drawn independently.
   */
  readonly correlation?: readonly number[];
}

export type TwinEvent =
  | ObservationEvent
  | MealEvent
  | BolusEvent
  | BasalEvent
  | MedicationDoseEvent
  | MedicationScheduleEvent
  | ActivityLevelEvent
  | GenotypeEvent
  | ConsentEvent
  | ParameterPriorEvent;

/**
 * Why `r` is not a correlation matrix over n parameters (n×n, finite, symmetric, unit diagonal, positive definite by
 * Cholesky), naming the field; undefined when it is one.
 */
export function correlationMatrixProblem(r: readonly number[], n: number): string | undefined {
  if (r.length !== n * n) return `correlation: expected ${n}×${n} values, got ${r.length}`;
  for (let i = 0; i < n; i++) {
    if (Math.abs(r[i * n + i] - 1) > 1e-9) return `correlation[${i * n + i}]: the diagonal must be 1`;
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(r[i * n + j]) || Math.abs(r[i * n + j] - r[j * n + i]) > 1e-9) return `correlation[${i * n + j}]: must be finite and symmetric`;
    }
  }
  return choleskyFactor(r, n) === null ? 'correlation: not positive definite' : undefined;
}

/**
 * Throws a RangeError naming the field unless a prior's `correlation` (when present) is a correlation matrix over
 * its parameters. The engine checks before the event enters the log, so a bad one is refused rather than stuck in it.
 */
export function checkParameterPrior(event: ParameterPriorEvent): void {
  const problem = event.correlation === undefined ? undefined : correlationMatrixProblem(event.correlation, event.parameters.length);
  if (problem !== undefined) throw new RangeError(problem);
}

/** Log order: effective time, then id (so equal-time events have one order whatever their arrival). */
export function compareEvents(a: Pick<TwinEvent, 'timeMs' | 'id'>, b: Pick<TwinEvent, 'timeMs' | 'id'>): number {
  if (a.timeMs !== b.timeMs) return a.timeMs - b.timeMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const MS_PER_MIN = 60_000;
