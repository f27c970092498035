/**
 * The population prior of the personal CGM correction (personal-cgm-forecast.ts): what people in general do, for a
 * person whose own history is still short. Two parts, both fitted on other people's CGM only:
 *
 * - a population ridge AR on the last `lags` readings (GlucoBench's linear model, Sergazinov et al. 2023; ridge-ar.ts),
 *   whose forecast change becomes one more feature of the correction: a second stacked member (Breiman L. Stacked
 *   regressions. Machine Learning 1996;24:49–64);
 * - per step, the prior mean β₀ of the correction's coefficients, towards which the person's ridge regression shrinks
 *   (Hoerl & Kennard, Technometrics 1970;12:55–67): least squares over the pooled people's pairs, with the AR's forecasts
 *   taken out of person (each person's from an AR fitted without them), as Breiman's stacking takes its level-one
 *   data by cross-validation, so the AR's weight is not inflated by its in-sample fit. `withoutAr` serves origins whose
 *   segment holds fewer readings than the AR needs.
 */
import type { DampedTrendSettings } from '@shuji/twin';
import { RidgeAr } from '../baselines/ridge-ar';
import { featureCount, segmentPaths, visitPairs } from './cgm-correction-features';

export interface CgmPopulationPrior {
  /** Where the numbers come from (data, licence, command). */
  readonly source: string;
  /** Lag differences among the correction's features (the prior fits one value of the setting). */
  readonly lags: number;
  /** The population ridge AR: its readings and its weights, row-major steps × (lags + 1) as RidgeAr stores them. */
  readonly ar: { readonly lags: number; readonly steps: number; readonly weights: readonly number[] };
  /** Per step, β₀ of [filter change, AR change, lag differences…]. */
  readonly withAr: readonly (readonly number[])[];
  /** Per step, β₀ of [filter change, lag differences…]. */
  readonly withoutAr: readonly (readonly number[])[];
}

export interface PopulationSeries {
  /** The person's id: the AR feature of a person's pairs comes from an AR fitted without that person. */
  readonly person: string;
  readonly values: Float64Array;
}

export interface PopulationFitOptions {
  readonly model: DampedTrendSettings;
  readonly lags: number;
  readonly steps: number;
  readonly arLags: number;
  readonly arLambda: number;
  /**
   * 'pooled': least squares over every pair; 'person': each person's normal equations scaled by that person's sum of
   * squared targets (per step), so people with large swings do not set the prior of calm ones alone.
   */
  readonly weighting?: 'pooled' | 'person';
}

/** Fits the prior on gridded CGM segments of several people (none of them the people it will be judged on). */
export function fitCgmPopulationPrior(series: readonly PopulationSeries[], options: PopulationFitOptions, source: string): CgmPopulationPrior {
  const { model, lags, steps, arLags, arLambda } = options;
  const fitAr = (of: readonly PopulationSeries[]): RidgeAr => RidgeAr.fit(of.map((s) => s.values), { lags: arLags, horizon: steps, lambda: arLambda });
  const ar = fitAr(series);
  const outOfPerson = new Map([...new Set(series.map((s) => s.person))].map((p) => [p, fitAr(series.filter((s) => s.person !== p))]));
  const solveBoth = (withAr: boolean): number[][] => {
    const n = featureCount(lags, withAr);
    const zeros = (): { A: Float64Array[][]; b: Float64Array[]; yy: Float64Array } => ({
      A: Array.from({ length: steps }, () => Array.from({ length: n }, () => new Float64Array(n))),
      b: Array.from({ length: steps }, () => new Float64Array(n)),
      yy: new Float64Array(steps),
    });
    const total = zeros();
    for (const person of outOfPerson.keys()) {
      const own = zeros();
      for (const s of series.filter((x) => x.person === person)) {
        const paths = segmentPaths(model, s.values, steps, withAr ? outOfPerson.get(person) : undefined);
        visitPairs(paths, lags, steps, withAr, (_t, k, f, y) => {
          accumulate(own.A[k], own.b[k], f, y);
          own.yy[k] += y * y;
        });
      }
      for (let k = 0; k < steps; k++) {
        const w = options.weighting === 'person' ? 1 / Math.max(own.yy[k], 1e-9) : 1;
        for (let i = 0; i < n; i++) {
          total.b[k][i] += w * own.b[k][i];
          for (let j = 0; j < n; j++) total.A[k][i][j] += w * own.A[k][i][j];
        }
      }
    }
    return total.A.map((a, k) => solveRidge(a, total.b[k], 0, new Array<number>(n).fill(0)));
  };
  return { source, lags, ar: { lags: arLags, steps, weights: ar.weightRows() }, withAr: solveBoth(true), withoutAr: solveBoth(false) };
}

/** Adds one pair to the normal equations. */
export function accumulate(A: Float64Array[], b: Float64Array, f: Float64Array, y: number): void {
  for (let i = 0; i < f.length; i++) {
    b[i] += f[i] * y;
    for (let j = 0; j < f.length; j++) A[i][j] += f[i] * f[j];
  }
}

/** argmin ‖y − Fβ‖² + λ‖β − β₀‖² from the normal equations A = FᵀF, b = Fᵀy: (A + λI)β = b + λβ₀. */
export function solveRidge(A: readonly Float64Array[], b: Float64Array, lambda: number, prior: readonly number[]): number[] {
  return solve(
    A.map((row, i) => Array.from(row, (v, j) => v + (i === j ? lambda : 0))),
    Array.from(b, (v, i) => v + lambda * prior[i]),
  );
}

/** Gaussian elimination with partial pivoting (the systems are small and positive definite). */
function solve(a: number[][], y: number[]): number[] {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(m[r][i]) > Math.abs(m[p][i])) p = r;
    [m[i], m[p]] = [m[p], m[i]];
    for (let r = i + 1; r < n; r++) {
      const c = m[r][i] / m[i][i];
      for (let j = i; j <= n; j++) m[r][j] -= c * m[i][j];
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let v = m[i][n];
    for (let j = i + 1; j < n; j++) v -= m[i][j] * out[j];
    out[i] = v / m[i][i];
  }
  return out;
}
