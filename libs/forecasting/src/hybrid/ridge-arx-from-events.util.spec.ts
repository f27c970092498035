import type { TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { onBoardFeatures, RidgeArx, type ArxSeries } from '../baselines/ridge-arx';
import { ridgeArxFromEvents } from './ridge-arx-from-events.util';

const CODE = '99504-3';
const MIN = 60_000;
const reading = (tMin: number, value: number): TwinEvent => ({ id: `g${tMin}`, patientId: 'p', timeMs: tMin * MIN, kind: 'observation', loinc: CODE, value, unit: 'mg/dL' });

/** A ridge ARX fitted on a sine with a bolus effect: any fitted model will do, the util must feed it as the grid does. */
function fitted(): RidgeArx {
  const n = 400;
  const values = Array.from({ length: n }, (_, k) => 140 + 40 * Math.sin(k / 20) + (k % 7));
  const exogenous = Array.from({ length: n }, (_, k) => onBoardFeatures(k * 5, [{ tMin: 100, units: 4 }], [{ tMin: 90, carbsG: 50 }]));
  return RidgeArx.fit([{ values, exogenous }], { lags: 4, horizon: 3, lambda: 1 });
}

describe(ridgeArxFromEvents.name, () => {
  const sut = fitted();

  it('should forecast as the model does on the same 5-min grid with on-board features at the last reading', () => {
    const events = [reading(0, 120), reading(5, 125), reading(10, 131), { id: 'b', patientId: 'p', timeMs: 8 * MIN, kind: 'insulin-bolus', units: 3 } as TwinEvent, reading(15, 140)];
    const grid: ArxSeries = { values: [120, 125, 131, 140], exogenous: [0, 5, 10, 15].map((t) => onBoardFeatures(t, [{ tMin: 8, units: 3 }], [])) };
    const expected = sut.predict(grid, 4);
    const got = ridgeArxFromEvents(sut, events, CODE, 15 * MIN, [5, 10, 15]);
    expect(got?.map((x) => Number(x.toFixed(9)))).toEqual([...expected].map((x) => Number(x.toFixed(9))));
  });

  it('should carry the reading before a gap forward and give NaN beyond the model horizon', () => {
    const events = [reading(0, 100), reading(5, 110), reading(15, 130)];
    const expected = sut.predict({ values: [100, 110, 110, 130], exogenous: [0, 0, 0, 0].map(() => new Float64Array(6)) }, 4);
    const got = ridgeArxFromEvents(sut, events, CODE, 15 * MIN, [5, 20]);
    expect(got?.[0]).toBeCloseTo(expected[0], 9);
    expect(got?.[1]).toBeNaN();
  });

  it('should shift the horizons when the forecast time is after the last reading, and ignore later events', () => {
    const events = [reading(0, 100), reading(5, 110), reading(10, 120), reading(15, 130), reading(40, 999)];
    const expected = sut.predict({ values: [100, 110, 120, 130], exogenous: [0, 0, 0, 0].map(() => new Float64Array(6)) }, 4);
    expect(ridgeArxFromEvents(sut, events, CODE, 20 * MIN, [5, 10])?.[0]).toBeCloseTo(expected[1], 9);
  });

  it('should give nothing without the model lags of CGM', () => {
    expect(ridgeArxFromEvents(sut, [reading(0, 100), reading(5, 110)], CODE, 5 * MIN, [5])).toBeUndefined();
    expect(ridgeArxFromEvents(sut, [], CODE, 5 * MIN, [5])).toBeUndefined();
  });
});

describe('RidgeArx JSON', () => {
  it('should round-trip a fitted model and refuse weights of the wrong length', () => {
    const sut = fitted();
    const back = RidgeArx.fromJSON(JSON.parse(JSON.stringify(sut.toJSON())));
    const s: ArxSeries = { values: [1, 2, 3, 4], exogenous: [0, 1, 2, 3].map(() => new Float64Array(6)) };
    expect([...back.predict(s, 4)]).toEqual([...sut.predict(s, 4)]);
    expect(() => RidgeArx.fromJSON({ ...sut.toJSON(), weights: [1, 2] })).toThrow(/weights must be 3 × 11/);
  });
});
