import { describe, expect, it } from 'vitest';
import type { TimelineObservation } from '../corpus/observation-codes';
import { withoutBloodGlucoseBesideCgm } from './fm-glucose-inputs.util';

const cgm = (t: number, v: number): TimelineObservation => ({ c: '99504-3', t, v });
const bg = (t: number, v: number): TimelineObservation => ({ c: '2339-0', t, v });
const carbs: TimelineObservation = { c: '9059-7', t: 20, v: 45 };
const bolus: TimelineObservation = { c: 'shuji:insulin-bolus', t: 20, v: 4.5 };

describe(withoutBloodGlucoseBesideCgm.name, () => {
  it('should leave out every blood-glucose reading and keep the rest in order when the timeline has CGM', () => {
    const sut = withoutBloodGlucoseBesideCgm([bg(0, 151), cgm(5, 140), carbs, bolus, bg(30, 160), cgm(35, 150)]);
    expect(sut).toEqual([cgm(5, 140), carbs, bolus, cgm(35, 150)]);
  });

  it('should keep blood-glucose readings when the timeline has no CGM', () => {
    const timeline = [bg(0, 151), carbs, bolus, bg(300, 98)];
    expect(withoutBloodGlucoseBesideCgm(timeline)).toEqual(timeline);
  });

  it('should return a new array and leave its input unchanged', () => {
    const timeline = [cgm(0, 140), bg(1, 151)];
    const sut = withoutBloodGlucoseBesideCgm(timeline);
    expect(timeline).toEqual([cgm(0, 140), bg(1, 151)]);
    expect(sut).not.toBe(timeline);
  });
});
