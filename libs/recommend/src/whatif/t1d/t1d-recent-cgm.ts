/**
 * The person's own CGM readings of the last days in the twin's log, and their consensus metrics (Battelino et al.,
 * Diabetes Care 2019: a period's metrics need ≥ 70 % of its readings; applied here to one day at least). Read by the
 * health plan's targets (t1d-plan.ts), the optimiser's adequacy check and its CGM pattern rules.
 */
import { cgmConsensusMetrics, type CgmConsensusMetrics } from '@shuji/population';
import { MS_PER_MIN, ObservationCodes, type TwinEvent } from '@shuji/twin';
import type { WhatIfTwin } from '../what-if-plugin';

const CGM = ObservationCodes.cgmGlucose.loinc;
/** 70 % of one day of 5-min readings: the least a period's metrics are computed from. */
export const MIN_CGM_READINGS = Math.ceil(0.7 * 288);

/** The CGM readings of (endMs − days, endMs], in log order. */
export function recentCgmReadings(events: readonly TwinEvent[], endMs: number, days: number): Extract<TwinEvent, { kind: 'observation' }>[] {
  const fromMs = endMs - days * 1440 * MS_PER_MIN;
  return events.filter((e): e is Extract<TwinEvent, { kind: 'observation' }> => e.kind === 'observation' && e.loinc === CGM && e.timeMs > fromMs && e.timeMs <= endMs);
}

/** The consensus metrics of the readings' values (null: fewer than MIN_CGM_READINGS). */
export function cgmMetricsOf(values: readonly number[]): CgmConsensusMetrics | null {
  return values.length < MIN_CGM_READINGS ? null : cgmConsensusMetrics(values, 5);
}

/** The person's consensus CGM metrics over the last `days` before the twin's time. */
export function recentCgmMetrics(twin: WhatIfTwin, days: number): CgmConsensusMetrics | null {
  return cgmMetricsOf(recentCgmReadings(twin.events, twin.currentTimeMs, days).map((e) => e.value));
}
