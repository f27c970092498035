import type { TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { twinEventsToTimeline } from './twin-events-to-timeline.util';

const t0 = Date.UTC(2026, 0, 5, 7);
const base = { patientId: 'p', timeMs: t0 };

describe(twinEventsToTimeline.name, () => {
  const fingerstick: TwinEvent = { ...base, kind: 'observation', id: 'f', timeMs: t0 + 60_000, loinc: '41653-7', unit: 'mg/dL', value: 151 };
  const mealAndBolus: TwinEvent[] = [
    { ...base, kind: 'meal', id: 'm', timeMs: t0 + 120_000, carbsG: 45 },
    { ...base, kind: 'insulin-bolus', id: 'i', timeMs: t0 + 120_000, units: 4.5 },
  ];
  const m = t0 / 60_000;

  it('should map CGM, meals and boluses to the FM codes in minutes and leave out fingersticks when given a twin log with CGM', () => {
    const events: TwinEvent[] = [
      { ...base, kind: 'basal-rate', id: 'b', unitsPerHour: 0.8 },
      { ...base, kind: 'observation', id: 'c', loinc: '99504-3', unit: 'mg/dL', value: 140 },
      fingerstick,
      ...mealAndBolus,
    ];
    const sut = twinEventsToTimeline(events);
    expect(sut).toEqual([
      { c: '99504-3', t: m, v: 140 },
      { c: '9059-7', t: m + 2, v: 45 },
      { c: 'shuji:insulin-bolus', t: m + 2, v: 4.5 },
    ]);
  });

  it('should map fingersticks to blood glucose when given a twin log without CGM', () => {
    const sut = twinEventsToTimeline([fingerstick, ...mealAndBolus]);
    expect(sut).toEqual([
      { c: '2339-0', t: m + 1, v: 151 },
      { c: '9059-7', t: m + 2, v: 45 },
      { c: 'shuji:insulin-bolus', t: m + 2, v: 4.5 },
    ]);
  });

  it('should pass other observation codes through unchanged when the FM may know them', () => {
    const sut = twinEventsToTimeline([{ ...base, kind: 'observation', id: 'w', loinc: '29463-7', unit: 'kg', value: 71.5 }]);
    expect(sut).toEqual([{ c: '29463-7', t: t0 / 60_000, v: 71.5 }]);
  });
});
