import { quantile } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import { ObservationCodes } from '../composition/observation-codes';
import { DEFAULT_TWIN_SETTINGS, TwinEngine } from '../state/twin-engine';
import { honestCohort } from '../virtual-patients/honest-cohort';
import { populationPrior } from '../virtual-patients/population-prior';
import { forecastReading, forecastReadingMembers } from './ensemble-forecast';

const CGM = ObservationCodes.cgmGlucose.loinc;

function twinAfterFourHours(): TwinEngine {
  const person = honestCohort({ truth: 's2008', role: 'regression', perSubject: 1, days: 1 }).next().value;
  if (person === undefined) throw new Error('no person');
  const engine = new TwinEngine(person.vp.patientId, new T1dGlucoseComponent(populationPrior(person.group)), DEFAULT_TWIN_SETTINGS);
  const stopMs = person.vp.truth.timeMs[0] + 4 * 3_600_000;
  for (const e of person.vp.events) if (e.timeMs <= stopMs) engine.apply(e);
  return engine;
}

describe(forecastReadingMembers.name, () => {
  const engine = twinAfterFourHours();
  const horizons = [5, 30, 60];

  it("should keep every member's predicted reading, ascending, with the summary's quantiles theirs (type 7)", () => {
    for (const p of forecastReadingMembers(engine, CGM, horizons)) {
      const m = Array.from(p.members);
      expect(m).toHaveLength(DEFAULT_TWIN_SETTINGS.ensembleSize);
      expect(m.every((v, k) => k === 0 || v >= m[k - 1])).toBe(true);
      expect([p.q10, p.q50, p.q90]).toEqual([quantile(m, 0.1), quantile(m, 0.5), quantile(m, 0.9)]);
      expect(p.mean).toBeCloseTo(m.reduce((s, x) => s + x, 0) / m.length, 9);
    }
  });

  it('should be what forecastReading summarises, the draws keyed by patient, revision and code', () => {
    const again = forecastReading(engine, CGM, horizons);
    expect(forecastReadingMembers(engine, CGM, horizons).map(({ members: _m, ...point }) => point)).toEqual(again);
    expect(forecastReading(engine, CGM, horizons)).toEqual(again);
  });
});
