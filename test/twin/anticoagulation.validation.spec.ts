/**
 * Issue 13's anticoagulation acceptance on held-out virtual people (seed "held-out"; the component's settings were
 * chosen on seed "tuning"): the twin's INR forecast 3 and 7 days after a dose change, against the last value (the
 * visit's reading) and the linear trend of the last two readings, the coverage of its 10–90 % interval, the subgroups
 * with and without a known genotype, and the recovery of CL and EC50. Figures: docs/validation.md.
 */
import { validateInrForecasts, type InrValidationResult } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';

const persons = Number(process.env.SHUJI_INR_VALIDATION_PERSONS ?? 40);

describe('anticoagulation twin validation (held-out virtual people, INR after dose changes)', () => {
  let result: InrValidationResult;
  beforeAll(() => {
    result = validateInrForecasts({ persons, seed: process.env.SHUJI_INR_VALIDATION_SEED ?? 'held-out' });
    for (const s of result.scores) {
      console.info(
        `${s.daysAfter} d, ${s.group}: n ${s.n}, RMSE ${s.rmse.toFixed(3)} vs last value ${s.lastValueRmse.toFixed(3)} (${((1 - s.rmse / s.lastValueRmse) * 100).toFixed(1)} % lower), linear trend ${s.trendRmse.toFixed(3)}, coverage ${(s.coverage80 * 100).toFixed(1)} %`,
      );
    }
    console.info(`dose changes ${result.doseChanges}; recovery r(log CL) ${result.recovery.logCl.toFixed(2)}, r(log EC50) ${result.recovery.logEc50.toFixed(2)}`);
  }, 120_000);

  const score = (daysAfter: number, group = 'all') => {
    const s = result.scores.find((x) => x.daysAfter === daysAfter && x.group === group);
    if (s === undefined) throw new Error(`no score for ${daysAfter} d ${group}`);
    return s;
  };

  it('should forecast the INR 7 days after a dose change with an RMSE at least 25 % below the last value', () => {
    const s = score(7);
    expect(s.n).toBeGreaterThanOrEqual(2 * persons);
    expect(s.rmse).toBeLessThanOrEqual(0.75 * s.lastValueRmse);
    expect(s.rmse).toBeLessThan(s.trendRmse);
  });

  it('should cover 75–85 % of the 7-day INRs with its 10–90 % interval', () => {
    expect(score(7).coverage80).toBeGreaterThanOrEqual(0.75);
    expect(score(7).coverage80).toBeLessThanOrEqual(0.85);
  });

  it('should beat the last value at 3 days too, and with the genotype unknown', () => {
    expect(score(3).rmse).toBeLessThan(score(3).lastValueRmse);
    expect(score(7, 'genotype unknown').rmse).toBeLessThan(score(7, 'genotype unknown').lastValueRmse);
  });

  it('should recover the persons’ clearance and EC50 (correlation of the final estimate with the truth)', () => {
    expect(result.recovery.logCl).toBeGreaterThan(0.5);
    expect(result.recovery.logEc50).toBeGreaterThan(0.5);
  });
});
