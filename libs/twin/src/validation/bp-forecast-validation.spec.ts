import { describe, expect, it } from 'vitest';
import { BLOOD_PRESSURE_TWIN_SETTINGS } from '../composition/blood-pressure.component';
import { BP_MISSPECIFICATION } from '../virtual-patients/virtual-bp-person.generator';
import { bpParameterRecovery, validateBloodPressureForecasts } from './bp-forecast-validation';

const settings = { ...BLOOD_PRESSURE_TWIN_SETTINGS, ensembleSize: 32 };

describe(validateBloodPressureForecasts.name, () => {
  it('should score every systolic reading of the 60 days after each origin, for a home and an office person', () => {
    const sut = validateBloodPressureForecasts({ persons: 2, seed: 'spec', settings });
    expect(sut.map((s) => s.origin)).toEqual(['start', 'titration']);
    // home: days 31–90 and 76–135 at 07:30 (60 each); office, weekly from day 0: days 35–84 (8) and 77–133 (9)
    expect(sut.map((s) => s.n)).toEqual([68, 69]);
    for (const s of sut) {
      expect(s.rmse).toBeGreaterThan(0);
      expect(s.lastValueRmse).toBeGreaterThan(0);
      expect(s.trendRmse).toBeGreaterThan(0);
      expect(s.coverage80).toBeGreaterThan(0.3);
      expect(s.coverage80).toBeLessThanOrEqual(1);
    }
  });

  it('should score the windows of the horizon: 14 and 60 days, and the last week of each', () => {
    const [start] = validateBloodPressureForecasts({ persons: 2, seed: 'spec', settings });
    expect(start.horizons.map((h) => [h.fromDay, h.toDay])).toEqual([
      [0, 14],
      [7, 14],
      [0, 60],
      [53, 60],
    ]);
    // home: 14, 7, 60, 7 readings; office (start day 30, reads on days 35, 42, …): 2, 1, 8, 1
    expect(start.horizons.map((h) => h.n)).toEqual([16, 8, 68, 8]);
    expect(start.horizons[2]).toEqual({ fromDay: 0, toDay: 60, n: start.n, rmse: start.rmse, lastValueRmse: start.lastValueRmse, trendRmse: start.trendRmse, coverage80: start.coverage80 });
  });

  it('should give the twin the prescription by default, and each tablet as a taken dose with doseLog tablets', () => {
    const prescription = validateBloodPressureForecasts({ persons: 2, seed: 'spec', settings });
    const tablets = validateBloodPressureForecasts({ persons: 2, seed: 'spec', settings, doseLog: 'tablets' });
    // the same readings scored; planned doses count by adherence (0.6–1.0), taken ones whole: the forecasts differ
    expect(tablets.map((s) => s.n)).toEqual(prescription.map((s) => s.n));
    expect(tablets.map((s) => s.lastValueRmse)).toEqual(prescription.map((s) => s.lastValueRmse));
    for (const [k, s] of tablets.entries()) expect(s.rmse).not.toBe(prescription[k].rmse);
  });

  it('should make the linear trend the last value when its window holds fewer than two readings', () => {
    // a window of 1 day holds at most one reading (home, daily): the trend is the last value
    for (const s of validateBloodPressureForecasts({ persons: 2, seed: 'spec', settings, trendWindowDays: 1 })) expect(s.trendRmse).toBeCloseTo(s.lastValueRmse, 12);
  });
});

describe(bpParameterRecovery.name, () => {
  it('should score the posterior of SBP0, CL/F and sensitivity against the truth for every person, beside the prior', () => {
    const sut = bpParameterRecovery({ persons: 4, seed: 'spec', settings, misspecification: BP_MISSPECIFICATION });
    for (const score of [sut.sbp0, sut.logClearanceRatio, sut.logSensitivity]) {
      expect(score.n).toBe(4);
      expect(score.rmse).toBeGreaterThan(0);
      expect(score.priorRmse).toBeGreaterThan(0);
    }
    // a month of untreated readings and three treated teach the twin the untreated pressure (prior log-SD 0.1)
    expect(sut.sbp0.relativeRmse).toBeLessThan(1);
  });
});
