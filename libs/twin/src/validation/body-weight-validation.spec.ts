import { describe, expect, it } from 'vitest';
import { ObservationCodes } from '../composition/observation-codes';
import { cohortTimeMs, weightVirtualPeople, WEIGHT_COHORT_EPOCH_MS } from '../virtual-patients/weight-virtual-person';
import { BODY_WEIGHT_TWIN_SETTINGS, validateBodyWeightForecasts, weightEvents } from './body-weight-validation';

describe('weightEvents', () => {
  const people = weightVirtualPeople('events', 12, 365);

  it('should turn every weighing into a body-weight observation at its time', () => {
    const person = people[0];
    const observations = weightEvents(person).filter((e) => e.kind === 'observation');
    expect(observations).toHaveLength(person.weighings.length);
    observations.forEach((e, k) => {
      expect(e).toMatchObject({ loinc: ObservationCodes.bodyWeight.loinc, value: person.weighings[k].kg, timeMs: cohortTimeMs(person.weighings[k].day) });
    });
  });

  it('should log the baseline activity at day 0 and the change on its day, only for people who log activity', () => {
    const logging = people.find((p) => p.activityChange !== undefined);
    const silent = people.find((p) => p.activityChange === undefined);
    expect(logging).toBeDefined();
    expect(silent).toBeDefined();
    if (logging === undefined || silent === undefined || logging.activityChange === undefined) return;
    const activity = weightEvents(logging).filter((e) => e.kind === 'activity-level');
    expect(activity).toEqual([
      { kind: 'activity-level', id: 'pal0', patientId: logging.id, timeMs: WEIGHT_COHORT_EPOCH_MS, pal: logging.pal },
      { kind: 'activity-level', id: 'pal1', patientId: logging.id, timeMs: cohortTimeMs(logging.activityChange.day), pal: logging.pal + logging.activityChange.deltaPal },
    ]);
    expect(weightEvents(silent).some((e) => e.kind === 'activity-level')).toBe(false);
  });
});

describe(validateBodyWeightForecasts.name, () => {
  it('should score one forecast per origin per person, split by whether the intake changed', () => {
    const sut = validateBodyWeightForecasts({ seed: 'unit', people: 4, originDays: [150, 240], ensembleSize: 16 });
    expect(sut.people).toBe(4);
    expect(sut.changed.n).toBe(3 * 2);
    expect(sut.unchanged.n).toBe(1 * 2);
    for (const s of [sut.changed, sut.unchanged]) {
      expect(s.rmse).toBeGreaterThan(0);
      expect(s.lastValueRmse).toBeGreaterThan(0);
      expect(s.meanWidth80).toBeGreaterThan(0);
      expect(s.coverage80).toBeGreaterThanOrEqual(0);
      expect(s.coverage80).toBeLessThanOrEqual(1);
    }
    expect(BODY_WEIGHT_TWIN_SETTINGS.maxGapMin).toBe(60 * 1440);
    expect(sut.horizons.map((h) => h.horizonDays)).toEqual([30, 90]);
    // the primary (90-day) score is the 90-day row of the horizons
    expect(sut.horizons[1].changed).toEqual(sut.changed);
    expect(sut.horizons[0].changed.n).toBe(6);
    expect(sut.changed.trendRmse).toBeGreaterThan(0);
    // intake at every origin of every person; BW0 once per person
    expect(sut.recovery.intakeChangeChanged.n).toBe(6);
    expect(sut.recovery.intakeChangeUnchanged.n).toBe(2);
    expect(sut.recovery.baselineWeight.n).toBe(4);
  });

  it('should make the linear trend the last value when its window holds fewer than two weighings', () => {
    const sut = validateBodyWeightForecasts({ seed: 'unit', people: 2, originDays: [150], ensembleSize: 16, trendWindowDays: 0.5 });
    expect(sut.changed.trendRmse).toBeCloseTo(sut.changed.lastValueRmse, 12);
  });
});
