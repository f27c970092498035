import type { TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { GbtArx } from '../baselines/gbt-arx';
import { onBoardFeatures, type ArxSeries } from '../baselines/ridge-arx';
import { gbtArxFromEvents } from './gbt-arx-from-events.util';

const CODE = '99504-3';
const MIN = 60_000;
const reading = (tMin: number, value: number): TwinEvent => ({ id: `g${tMin}`, patientId: 'p', timeMs: tMin * MIN, kind: 'observation', loinc: CODE, value, unit: 'mg/dL' });

/** Trees fitted on a sine with a bolus and a meal: any fitted model will do, the util must feed it as the grid does. */
function fitted(): GbtArx {
  const n = 600;
  const values = Array.from({ length: n }, (_, k) => 140 + 40 * Math.sin(k / 20) + (k % 7));
  const exogenous = Array.from({ length: n }, (_, k) => onBoardFeatures(k * 5, [{ tMin: 100, units: 4 }], [{ tMin: 90, carbsG: 50 }]));
  return GbtArx.fit([{ values, exogenous }], { lags: 4, steps: [0, 2], gbt: { trees: 30, maxDepth: 3, minLeaf: 5 } });
}

describe(gbtArxFromEvents.name, () => {
  const sut = fitted();

  it('should forecast as the model does on the 5-min grid with on-board features at the last reading, NaN where it has no trees', () => {
    const bolus = { id: 'b', patientId: 'p', timeMs: 8 * MIN, kind: 'insulin-bolus', units: 3 } as TwinEvent;
    const meal = { id: 'm', patientId: 'p', timeMs: 2 * MIN, kind: 'meal', carbsG: 40 } as TwinEvent;
    const events = [reading(0, 120), meal, reading(5, 125), reading(10, 131), bolus, reading(15, 170)];
    const grid: ArxSeries = { values: [120, 125, 131, 170], exogenous: [0, 5, 10, 15].map((t) => onBoardFeatures(t, [{ tMin: 8, units: 3 }], [{ tMin: 2, carbsG: 40 }])) };
    const expected = sut.predict(grid, 4);
    const got = gbtArxFromEvents(sut, events, CODE, 15 * MIN, [5, 10, 15]);
    expect(got?.[0]).toBe(expected[0]);
    expect(got?.[1]).toBeNaN();
    expect(got?.[2]).toBe(expected[1]);
  });

  it('should carry the reading before a gap forward, shift the horizons when the forecast time is after the last reading, and ignore later events', () => {
    const events = [reading(0, 100), reading(5, 110), reading(15, 130), reading(40, 999)];
    const expected = sut.predict({ values: [100, 110, 110, 130], exogenous: [0, 0, 0, 0].map(() => new Float64Array(6)) }, 4);
    expect(gbtArxFromEvents(sut, events, CODE, 15 * MIN, [5])?.[0]).toBe(expected[0]);
    // 5 min after the last reading, the 10-min forecast is the model's third step
    expect(gbtArxFromEvents(sut, events, CODE, 20 * MIN, [10])?.[0]).toBe(expected[1]);
  });

  it('should give nothing without the model lags of CGM', () => {
    expect(gbtArxFromEvents(sut, [reading(0, 100), reading(5, 110)], CODE, 5 * MIN, [5])).toBeUndefined();
    expect(gbtArxFromEvents(sut, [], CODE, 5 * MIN, [5])).toBeUndefined();
  });
});
