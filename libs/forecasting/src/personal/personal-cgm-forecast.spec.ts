import { mulberry32 } from '@shuji/stats';
import { DEFAULT_DAMPED_TREND, dampedTrendFilter, dampedTrendMean } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { fitCgmPopulationPrior } from './cgm-population-prior';
import { PERSONAL_CGM_SETTINGS, personalCgmForecast } from './personal-cgm-forecast';

const STEP = 300_000;
const T0 = Date.UTC(2026, 0, 1);
const HORIZONS = Array.from({ length: 12 }, (_, i) => 5 * (i + 1));

/** A glucose-like series: slow waves (meals) with momentum, plus sensor noise; seeded. */
function series(n: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const out: number[] = [];
  let d = 0;
  let g = 110;
  for (let t = 0; t < n; t++) {
    d = 0.97 * d + (rng() - 0.5) - 0.02 * (g - 110);
    g += d;
    out.push(g + 2 * (rng() - 0.5));
  }
  return out;
}
const readingsOf = (values: readonly number[]): { timeMs: number; value: number }[] => values.map((value, i) => ({ timeMs: T0 + i * STEP, value }));

function kalmanPath(values: readonly number[]): number[] {
  let state: [number, number, number] = [0, 0, 0];
  dampedTrendFilter(DEFAULT_DAMPED_TREND, values, (_t, x) => (state = x));
  const out: number[] = [];
  for (let h = 0; h < 12; h++) out.push((state = dampedTrendMean(DEFAULT_DAMPED_TREND, state, 1))[0]);
  return out;
}

describe('personalCgmForecast', () => {
  it('should answer nothing without a reading in the last 30 min', () => {
    const readings = readingsOf(series(50, 1));
    expect(personalCgmForecast(readings, T0 + 49 * STEP + 31 * 60_000, HORIZONS)).toBeUndefined();
    expect(personalCgmForecast([], T0, HORIZONS)).toBeUndefined();
  });

  it('should use nothing after its origin', () => {
    const values = series(600, 2);
    const now = T0 + 399 * STEP;
    const past = personalCgmForecast(readingsOf(values.slice(0, 400)), now, HORIZONS)!;
    const withFuture = personalCgmForecast(readingsOf(values), now, HORIZONS)!;
    expect(withFuture).toEqual(past);
  });

  it('should be the Kalman filter of the damped-trend model when the penalty is overwhelming or the history too short', () => {
    const values = series(400, 3);
    const f = personalCgmForecast(readingsOf(values), T0 + 399 * STEP, HORIZONS, undefined, { ...PERSONAL_CGM_SETTINGS, lambda: 1e15 })!;
    kalmanPath(values).forEach((m, h) => expect(f.points[h].mean).toBeCloseTo(m, 6));
    const short = personalCgmForecast(readingsOf(values.slice(0, 2)), T0 + STEP, HORIZONS)!;
    kalmanPath(values.slice(0, 2)).forEach((m, h) => expect(short.points[h].mean).toBeCloseTo(m, 9));
    expect(short.points[11].q90).toBeGreaterThan(short.points[11].q10);
  });

  it('should learn a person whose glucose keeps its momentum better than the mechanistic filter alone', () => {
    const values = series(2500, 4);
    let personal = 0;
    let kalman = 0;
    for (let end = 1500; end + 12 <= values.length; end += 25) {
      const f = personalCgmForecast(readingsOf(values.slice(0, end)), T0 + (end - 1) * STEP, HORIZONS)!;
      personal += (f.points[11].mean - values[end + 11]) ** 2;
      kalman += (kalmanPath(values.slice(0, end))[11] - values[end + 11]) ** 2;
    }
    expect(personal).toBeLessThan(0.92 * kalman); // measured 0.88
  });

  it('should give 10–90 % intervals from the person\'s past errors that cover about 80 % of what follows', () => {
    const values = series(3000, 5);
    let inside = 0;
    let n = 0;
    for (let end = 1500; end + 12 <= values.length; end += 5) {
      const p = personalCgmForecast(readingsOf(values.slice(0, end)), T0 + (end - 1) * STEP, [60])!.points[0];
      if (values[end + 11] >= p.q10 && values[end + 11] <= p.q90) inside++;
      n++;
    }
    expect(inside / n).toBeGreaterThan(0.7); // measured 0.74 over 299 overlapping windows
    expect(inside / n).toBeLessThan(0.88);
  });
});

describe('personalCgmForecast with a population prior', () => {
  const population = fitCgmPopulationPrior(
    Array.from({ length: 4 }, (_, i) => ({ person: `p${i}`, values: Float64Array.from(series(900, 40 + i)) })),
    { model: DEFAULT_DAMPED_TREND, lags: 2, steps: 12, arLags: 12, arLambda: 10 },
    'synthetic',
  );
  const settings = { ...PERSONAL_CGM_SETTINGS, population };

  it('should be the population stack under an overwhelming penalty, with the AR once the segment holds its readings', () => {
    const values = series(300, 50);
    const f = personalCgmForecast(readingsOf(values), T0 + 299 * STEP, HORIZONS, undefined, { ...settings, lambda: 1e15 })!;
    expect(f.populationAr).toBe(true);
    f.coefficients.forEach((c, k) => c.forEach((v, i) => expect(v).toBeCloseTo(population.withAr[k][i], 6)));
    const short = personalCgmForecast(readingsOf(values.slice(0, 10)), T0 + 9 * STEP, HORIZONS, undefined, { ...settings, lambda: 1e15 })!;
    expect(short.populationAr).toBe(false);
    short.coefficients.forEach((c, k) => c.forEach((v, i) => expect(v).toBeCloseTo(population.withoutAr[k][i], 6)));
  });

  it('should forecast a new person with a short history better than without the prior', () => {
    let withPrior = 0;
    let without = 0;
    for (const seed of [60, 61, 62]) {
      const values = series(400, seed);
      for (let end = 100; end + 12 <= values.length; end += 20) {
        const now = T0 + (end - 1) * STEP;
        withPrior += (personalCgmForecast(readingsOf(values.slice(0, end)), now, [60], undefined, settings)!.points[0].mean - values[end + 11]) ** 2;
        without += (personalCgmForecast(readingsOf(values.slice(0, end)), now, [60])!.points[0].mean - values[end + 11]) ** 2;
      }
    }
    expect(withPrior).toBeLessThan(0.95 * without);
  });

  it('should refuse a prior fitted for other settings', () => {
    expect(() => personalCgmForecast(readingsOf(series(50, 7)), T0 + 49 * STEP, HORIZONS, undefined, { ...settings, lags: 3 })).toThrow(/population prior has 2 lags/);
  });
});
