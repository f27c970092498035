import { DEFAULT_TWIN_SETTINGS, forecastReading, honestCohort, ObservationCodes, populationPrior, T1dGlucoseComponent, TwinEngine } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { twinEnsembleReadings } from './twin-ensemble-readings';

const CGM = ObservationCodes.cgmGlucose.loinc;

describe(twinEnsembleReadings.name, () => {
  it("should give the twin's own forecast to the bit, with its members", () => {
    const person = honestCohort({ truth: 's2008', role: 'regression', perSubject: 1, days: 1 }).next().value;
    if (person === undefined) throw new Error('no person');
    const prior = populationPrior(person.group);
    const engine = new TwinEngine(person.vp.patientId, new T1dGlucoseComponent(prior), DEFAULT_TWIN_SETTINGS);
    const stopMs = person.vp.truth.timeMs[0] + 4 * 3_600_000;
    for (const e of person.vp.events) if (e.timeMs <= stopMs) engine.apply(e);
    const horizons = [5, 30, 60];
    const expected = forecastReading(engine, CGM, horizons);
    const sut = twinEnsembleReadings(engine, CGM, horizons);
    sut.forEach((p, i) => {
      const { members, ...summary } = p;
      expect(summary).toEqual(expected[i]);
      expect(members).toHaveLength(DEFAULT_TWIN_SETTINGS.ensembleSize);
      expect(members.every((v, k) => k === 0 || v >= members[k - 1])).toBe(true);
    });
  });
});
