/**
 * Issue 13's blood-pressure acceptance on held-out virtual people (seed "held-out"; the component's settings and the
 * linear trend's window were chosen on seed "tuning"): the twin, given the prescription as a clinic receives it
 * (medication-schedule events, its planned doses weighed by the twin's uncertain adherence), forecasts systolic
 * pressure over the 60 days after a drug start and after a doubling of the dose; scored against the last-value
 * forecast, with the coverage of its 10–90 % interval. Printed beside it: the linear-trend baseline, the 14- and
 * 60-day windows, the recovery of SBP0, CL/F and the sensitivity, and the same cohort with missed doses, drug
 * holidays and an NSAID course the twin is not told of (BP_MISSPECIFICATION): that run misses the 20 % bar (16.2 %
 * and 19.2 % below the last value on this seed), so only its beating the last value is asserted and the asserted
 * cohort takes every tablet. Figures: docs/validation.md.
 */
import { BP_MISSPECIFICATION, bpParameterRecovery, validateBloodPressureForecasts, type BpForecastScore } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';

const persons = Number(process.env.SHUJI_BP_VALIDATION_PERSONS ?? 60);
const seed = process.env.SHUJI_BP_VALIDATION_SEED ?? 'held-out';
const pct = (x: number): string => (x * 100).toFixed(1);

function print(label: string, scores: readonly BpForecastScore[]): void {
  for (const s of scores) {
    for (const h of s.horizons) {
      console.info(
        `${label} ${s.origin} (${h.fromDay}, ${h.toDay}] d: n ${h.n}, RMSE ${h.rmse.toFixed(2)} vs last value ${h.lastValueRmse.toFixed(2)} (${pct(1 - h.rmse / h.lastValueRmse)} % lower) vs linear trend ${h.trendRmse.toFixed(2)} mmHg, coverage ${pct(h.coverage80)} %`,
      );
    }
  }
}

describe('blood-pressure twin validation (held-out virtual people, 60-day forecasts)', () => {
  let scores: BpForecastScore[];
  let misspecified: BpForecastScore[];
  beforeAll(() => {
    scores = validateBloodPressureForecasts({ persons, seed });
    print('as prescribed', scores);
    misspecified = validateBloodPressureForecasts({ persons, seed, misspecification: BP_MISSPECIFICATION });
    print('missed doses + NSAID', misspecified);
    for (const [label, recovery] of [
      ['as prescribed', bpParameterRecovery({ persons, seed })],
      ['missed doses + NSAID', bpParameterRecovery({ persons, seed, misspecification: BP_MISSPECIFICATION })],
    ] as const) {
      for (const [name, r] of Object.entries(recovery)) {
        console.info(`${label} recovery ${name}: n ${r.n}, r ${r.correlation.toFixed(2)}, RMSE ${r.rmse.toFixed(3)} vs prior ${r.priorRmse.toFixed(3)} (ratio ${r.relativeRmse.toFixed(2)})`);
      }
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

  it('should still forecast below the last value when tablets are missed and an NSAID is taken that the twin is not told of', () => {
    for (const s of misspecified) expect(s.rmse, s.origin).toBeLessThan(s.lastValueRmse);
  });
});
