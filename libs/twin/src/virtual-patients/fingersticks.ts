import type { SeededRandom } from '@shuji/stats';
import { ObservationCodes } from '../composition/observation-codes';
import type { TwinEvent } from '../state/twin-event';

/**
 * Two fingersticks a day (06:30 and 21:30, up to 30 min late) from the plasma truth on the 5-min grid, with a meter
 * CV of 5 % (ISO 15197:2013 allows ±15 %; typical meters ~5 %). Draws one uniform and one normal per reading, in
 * that order (the virtual cohorts' figures depend on the order).
 */
export function fingerstickEvents(patientId: string, days: number, timeMs: Float64Array, plasma: Float64Array, rng: SeededRandom): TwinEvent[] {
  const events: TwinEvent[] = [];
  for (let day = 0; day < days; day++) {
    for (const tMin of [6.5 * 60, 21.5 * 60]) {
      const k = Math.round((day * 1440 + tMin + 30 * rng.uniform()) / 5);
      if (k >= plasma.length) continue;
      events.push({
        kind: 'observation',
        id: `${patientId}-smbg-${k}`,
        patientId,
        timeMs: timeMs[k] + 1000,
        loinc: ObservationCodes.capillaryGlucose.loinc,
        unit: ObservationCodes.capillaryGlucose.unit,
        value: Math.round(plasma[k] * (1 + 0.05 * rng.normal())),
      });
    }
  }
  return events;
}
