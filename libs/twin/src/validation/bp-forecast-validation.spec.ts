import { describe, expect, it } from 'vitest';
import { BLOOD_PRESSURE_TWIN_SETTINGS } from '../composition/blood-pressure.component';
import { validateBloodPressureForecasts } from './bp-forecast-validation';

describe(validateBloodPressureForecasts.name, () => {
  it('should score every systolic reading of the 60 days after each origin, for a home and an office person', () => {
    const sut = validateBloodPressureForecasts({ persons: 2, seed: 'spec', settings: { ...BLOOD_PRESSURE_TWIN_SETTINGS, ensembleSize: 32 } });
    expect(sut.map((s) => s.origin)).toEqual(['start', 'titration']);
    // home: days 31–90 and 76–135 at 07:30 (60 each); office, weekly from day 0: days 35–84 (8) and 77–133 (9)
    expect(sut.map((s) => s.n)).toEqual([68, 69]);
    for (const s of sut) {
      expect(s.rmse).toBeGreaterThan(0);
      expect(s.lastValueRmse).toBeGreaterThan(0);
      expect(s.coverage80).toBeGreaterThan(0.3);
      expect(s.coverage80).toBeLessThanOrEqual(1);
    }
  });
});
