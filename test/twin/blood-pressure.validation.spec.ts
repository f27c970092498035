/**
 * Issue 13's blood-pressure acceptance on held-out virtual people (seed "held-out"; the component's settings were
 * chosen on seed "tuning"): the twin's systolic forecast over the 60 days after a drug start and after a doubling of
 * the dose, against the last-value forecast, and the coverage of its 10–90 % interval. Figures: docs/validation.md.
 */
import { validateBloodPressureForecasts, type BpForecastScore } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';

const persons = Number(process.env.SHUJI_BP_VALIDATION_PERSONS ?? 60);

describe('blood-pressure twin validation (held-out virtual people, 60-day forecasts)', () => {
  let scores: BpForecastScore[];
  beforeAll(() => {
    scores = validateBloodPressureForecasts({ persons, seed: process.env.SHUJI_BP_VALIDATION_SEED ?? 'held-out' });
    for (const s of scores) {
      console.info(`${s.origin}: n ${s.n}, RMSE ${s.rmse.toFixed(2)} vs last value ${s.lastValueRmse.toFixed(2)} mmHg (${((1 - s.rmse / s.lastValueRmse) * 100).toFixed(1)} % lower), coverage ${(s.coverage80 * 100).toFixed(1)} %`);
    }
  }, 120_000);

  it('should forecast SBP over 60 days after a drug start or titration with an RMSE at least 20 % below the last value', () => {
    for (const s of scores) {
      expect(s.n, s.origin).toBeGreaterThan(10 * persons);
      expect(s.rmse, s.origin).toBeLessThanOrEqual(0.8 * s.lastValueRmse);
    }
  });

  it('should cover 75–85 % of the readings with its 10–90 % interval', () => {
    for (const s of scores) {
      expect(s.coverage80, s.origin).toBeGreaterThanOrEqual(0.75);
      expect(s.coverage80, s.origin).toBeLessThanOrEqual(0.85);
    }
  });
});
