/**
 * Twins of the slow components for the what-if plug-ins' specs: a person's readings and doses as a log (made here, in
 * the components' units), replayed into a TwinEngine of a few members.
 */
import { AMLODIPINE } from '@shuji/models';
import { ObservationCodes, TwinEngine, type EnsembleComponent, type TwinEvent, type TwinSettings, DEFAULT_TWIN_SETTINGS, WARFARIN_ATC } from '@shuji/twin';

export const DAY_MS = 86_400_000;
export const T0 = Date.UTC(2026, 9, 1, 7);

const reading = (patientId: string, id: string, timeMs: number, code: { loinc: string; unit: string }, value: number): TwinEvent => ({
  id,
  patientId,
  timeMs,
  kind: 'observation',
  loinc: code.loinc,
  value,
  unit: code.unit,
});

/**
 * A person with high blood pressure (about 150/92 at home) for 7 days, then on amlodipine 5 mg recorded on the days of
 * `taken` (default every day) for 21 days, a reading each morning before the dose.
 */
export function bloodPressureLog(patientId: string, taken: (day: number) => boolean = () => true): TwinEvent[] {
  const events: TwinEvent[] = [];
  for (let d = 0; d < 28; d++) {
    const wobble = 3 * Math.sin(d * 1.7);
    const onDrug = d >= 7 ? 8 : 0;
    events.push(reading(patientId, `sbp${d}`, T0 + d * DAY_MS, ObservationCodes.systolicBp, 150 - onDrug + wobble));
    events.push(reading(patientId, `dbp${d}`, T0 + d * DAY_MS, ObservationCodes.diastolicBp, 92 - onDrug / 2 + wobble / 2));
    if (d >= 7 && taken(d)) events.push({ id: `aml${d}`, patientId, timeMs: T0 + d * DAY_MS + 3_600_000, kind: 'medication-dose', atc: AMLODIPINE.atc, mg: 5 });
  }
  return events;
}

/** Weekly weighings of a person losing about 0.3 kg a week from 95 kg, and one height reading (1.75 m). */
export function bodyWeightLog(patientId: string): TwinEvent[] {
  const events: TwinEvent[] = [reading(patientId, 'height', T0, ObservationCodes.bodyHeight, 175)];
  for (let w = 0; w < 8; w++) events.push(reading(patientId, `w${w}`, T0 + w * 7 * DAY_MS + 1000, ObservationCodes.bodyWeight, 95 - 0.3 * w));
  return events;
}

/** Warfarin 5 mg a day recorded for 35 days, an INR each week (1.0 at the start, about 2.4 once settled). */
export function warfarinLog(patientId: string): TwinEvent[] {
  const events: TwinEvent[] = [];
  for (let d = 0; d < 35; d++) events.push({ id: `wf${d}`, patientId, timeMs: T0 + d * DAY_MS + 11 * 3_600_000, kind: 'medication-dose', atc: WARFARIN_ATC, mg: 5 });
  const inr = [1.0, 1.8, 2.3, 2.6, 2.4, 2.2];
  inr.forEach((v, w) => events.push(reading(patientId, `inr${w}`, T0 + w * 7 * DAY_MS, ObservationCodes.inr, v)));
  return events;
}

export function twinOf(patientId: string, component: EnsembleComponent, events: readonly TwinEvent[], members = 16, settings: TwinSettings = DEFAULT_TWIN_SETTINGS): TwinEngine {
  const twin = new TwinEngine(patientId, component, { ...settings, ensembleSize: members });
  for (const e of [...events].sort((a, b) => a.timeMs - b.timeMs)) twin.apply(e);
  return twin;
}
