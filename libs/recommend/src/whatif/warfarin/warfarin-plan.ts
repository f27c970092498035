/**
 * The warfarin part of a health-management plan. Target: time in the therapeutic range 2–3 of at least 65 % over the
 * last 90 days (Lip GYH et al., Antithrombotic therapy for atrial fibrillation: CHEST guideline, Chest
 * 2018;154:1121–1201: a TTR of 65 % or more), from the person's own INR readings by Rosendaal's interpolation. A
 * candidate action when the latest INR is out of range: a change of the weekly dose by the maintenance nomogram of
 * Jaffer A, Bragg L. Practical tips for warfarin dosing and monitoring. Cleve Clin J Med 2003;70:361–371 (INR < 1.5:
 * +10–20 %, 1.5–1.9: +5–10 %, 3.1–3.5: −5–10 %, 3.6–4.0: −10–15 %, > 4: hold, then −10–20 %), taken here at +15, +10,
 * −10, −15 and −15 %; always for the clinician to decide, never applied by the person.
 */
import { ObservationCodes, type TwinEvent } from '@shuji/twin';
import type { PlanSuggestion, PlanTarget } from '../what-if-plugin';
import { INR_RANGE } from './warfarin-outcomes';
import { clipToWindow, rosendaalShare, type InrPoint } from './rosendaal';

export const TTR_TARGET_PERCENT = 65;
const CHEST = 'Lip GYH et al., CHEST guideline on antithrombotic therapy for AF, Chest 2018;154:1121–1201: TTR ≥ 65 %';
const NOMOGRAM = 'Jaffer A, Bragg L, Cleve Clin J Med 2003;70:361–371 (warfarin maintenance nomogram)';
const WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/** The person's INR readings (laboratory and point of care) up to `nowMs`, in days, in time order. */
export function inrReadings(events: readonly TwinEvent[], nowMs: number): InrPoint[] {
  const codes: readonly string[] = [ObservationCodes.inr.loinc, ObservationCodes.inrPointOfCare.loinc];
  return events.flatMap((e) => (e.kind === 'observation' && codes.includes(e.loinc) && e.timeMs <= nowMs ? [{ t: e.timeMs / DAY_MS, inr: e.value }] : [])).sort((a, b) => a.t - b.t);
}

/** Rosendaal TTR (%) over the 90 days before `nowMs`, from the readings in it (interpolated at its start); null without two. */
export function recentTtr(readings: readonly InrPoint[], nowMs: number): number | null {
  const to = Math.min(nowMs / DAY_MS, readings.at(-1)?.t ?? Number.NEGATIVE_INFINITY);
  return rosendaalShare(clipToWindow(readings, nowMs / DAY_MS - WINDOW_DAYS, to), INR_RANGE.low, INR_RANGE.high);
}

/** The nomogram's step of the weekly dose for the latest INR (a fraction; 0 in range). */
export function nomogramStep(inr: number): number {
  if (inr < 1.5) return 0.15;
  if (inr < INR_RANGE.low) return 0.1;
  if (inr <= INR_RANGE.high) return 0;
  if (inr <= 3.5) return -0.1;
  return -0.15;
}

export interface WarfarinPlanInput {
  readonly ttr: number | null;
  readonly readings: number;
  readonly latestInr: number | null;
  /** The weekly dose now (mg), by the log; 0 when none is known. */
  readonly weeklyMg: number;
}

export function warfarinPlanTargets(input: WarfarinPlanInput): PlanTarget[] {
  return [
    {
      id: 'inr-time-in-range',
      title: 'INR between 2 and 3 at least 65 % of the time',
      outcome: 'time_in_range',
      unit: '%',
      low: TTR_TARGET_PERCENT,
      high: null,
      current: input.ttr,
      currentSource: input.ttr === null ? 'fewer than two INR readings in the last 90 days' : `${input.readings} INR readings, last 90 days (Rosendaal)`,
      source: CHEST,
    },
  ];
}

export function warfarinPlanSuggestions(input: WarfarinPlanInput): PlanSuggestion[] {
  if (input.latestInr === null || !(input.weeklyMg > 0)) return [];
  const step = nomogramStep(input.latestInr);
  if (step === 0) return [];
  const weekly = Math.round(input.weeklyMg * (1 + step) * 2) / 2;
  const up = step > 0;
  const id = up ? 'warfarin-dose-up' : 'warfarin-dose-down';
  return [
    {
      id,
      title: `Ask your clinician about ${weekly} mg of warfarin a week`,
      detail:
        `Your latest INR was ${input.latestInr.toFixed(1)}, ${up ? 'below' : 'above'} the range 2–3. A published nomogram changes the weekly dose by ${Math.round(Math.abs(step) * 100)} %, ` +
        `from ${input.weeklyMg.toFixed(1)} to ${weekly} mg a week${input.latestInr > 4 ? ', after holding a dose' : ''}. For your clinician to decide: do not change your dose on your own.`,
      changes: [{ kind: 'warfarin-dose', field: `suggestions.${id}.changes[0]`, value: { mgPerDay: weekly / 7, adherence: null } }],
      outcome: 'time_in_range',
      better: 'higher',
      source: `${NOMOGRAM}; ${CHEST}`,
    },
  ];
}
