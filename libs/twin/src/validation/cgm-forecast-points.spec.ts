import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { ObservationCodes } from '../composition/observation-codes';
import { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import { DEFAULT_TWIN_SETTINGS, TwinEngine } from '../state/twin-engine';
import type { TwinEvent } from '../state/twin-event';
import { cgmForecastPoints } from './cgm-forecast-points';

describe(cgmForecastPoints.name, () => {
  const t0 = Date.UTC(2026, 0, 5);
  const at = (min: number): number => t0 + min * 60_000;
  const cgm = (min: number): TwinEvent => ({
    kind: 'observation',
    id: `cgm-${min}`,
    patientId: 'p',
    timeMs: at(min),
    loinc: ObservationCodes.cgmGlucose.loinc,
    unit: ObservationCodes.cgmGlucose.unit,
    value: 100 + min,
  });
  // CGM every 5 min to 60 min, a meal, and a fingerstick on the grid (not a CGM reading: never a point)
  const meal: TwinEvent = { kind: 'meal', id: 'meal', patientId: 'p', timeMs: at(12), carbsG: 40 };
  const meter: TwinEvent = {
    kind: 'observation',
    id: 'smbg',
    patientId: 'p',
    timeMs: at(25),
    loinc: ObservationCodes.capillaryGlucose.loinc,
    unit: ObservationCodes.capillaryGlucose.unit,
    value: 90,
  };
  const events = [...Array.from({ length: 13 }, (_, i) => cgm(5 * i)), meal, meter].sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : 1));
  const engine = new TwinEngine('p', new T1dGlucoseComponent({ prior: uvaPadovaSubjects()[0].parameters }), DEFAULT_TWIN_SETTINGS);

  it('should yield the readings on the grid from fromMs, with the readings the horizons later, each once folded', () => {
    const applied: string[] = [];
    const seen = [];
    for (const p of cgmForecastPoints(engine, events, { fromMs: at(10), horizonsMin: [15, 30], apply: (e) => applied.push(e.id) })) {
      seen.push({ at: p.reading.id, targets: p.targets, lastApplied: applied.at(-1) });
    }
    // 10 and 25 min have both targets; 40 min has none at 70 min; 55 min none at 70 or 85
    expect(seen).toEqual([
      { at: 'cgm-10', targets: [125, 140], lastApplied: 'cgm-10' },
      { at: 'cgm-25', targets: [140, 155], lastApplied: 'cgm-25' },
    ]);
    expect(applied).toHaveLength(events.length);
  });

  it('should take another grid and refuse an empty one', () => {
    const points = [...cgmForecastPoints(engine, events, { fromMs: at(0), horizonsMin: [30], everyMin: 10, apply: () => undefined })];
    expect(points.map((p) => p.reading.id)).toEqual(['cgm-0', 'cgm-10', 'cgm-20', 'cgm-30']);
    expect(() => [...cgmForecastPoints(engine, events, { fromMs: at(0), horizonsMin: [30], everyMin: 0 })]).toThrow(/everyMin/);
  });
});
