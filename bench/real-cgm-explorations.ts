/**
 * `npm run validate:real-cgm -- --explore-NAME`: candidates for the default CGM forecast of people without insulin,
 * scored on GlucoBench's in-distribution validation part of the Hall 2018 CGM only (never the test part or the
 * out-of-distribution people), beside the product's default (the volatility gate, gated-cgm-forecast.ts) and the
 * population ridge AR (GlucoBench's "Linear", the baseline issue 14 asks the default to beat). Each line prints the
 * validation scores, the criterion of `--tune-gate` and the paired comparison with the ridge AR. Results and the
 * decision they led to: docs/validation.md, "Real CGM". Names:
 *
 * - `combination`: fixed-weight averages of a member and the ridge AR (forecast combination: Bates JM, Granger CWJ.
 *   The combination of forecasts. Operational Research Quarterly 1969;20:451–468; equal and fixed weights as the
 *   robust choice: Timmermann A. Forecast combinations. Handbook of Economic Forecasting 2006;1:135–196).
 * - `bates-granger`: per person and step, the Kalman filter and the ridge AR weighted by the inverse of their own
 *   discounted past squared errors (Bates & Granger 1969, their discounted-error weights), alone or as a gate member.
 * - `personal-ar`: a personal ridge AR on the person's own past (84 readings, as the population one), its weights
 *   shrunk towards the population AR's by λ‖w − w₀‖² (Hoerl & Kennard, Technometrics 1970;12:55–67; a personal AR
 *   identified on the person's own stream as in Sparacino et al. IEEE TBME 2007;54:931), refitted at every origin on
 *   the pairs whose outcome is already read.
 * - `daily`: the person's own time-of-day pattern of the filter's residuals (a seasonal component of period one day,
 *   as in Winters PR. Management Science 1960;6:324–342), from earlier days only, shrunk by days/(days + d₀).
 * - `gate-lambda`: the gate with its volatile member's penalty towards the population prior re-chosen (the prior's
 *   λ 10⁴ was chosen for use in every window).
 */
import { choleskySolve } from '@shuji/ode';
import { DAILY_GATED_CGM_SETTINGS, POPULATION_PRIOR_CGM_SETTINGS, segmentPaths, type GatedCgmSettings, type PersonalCgmSettings, type RidgeAr, type CgmSegment } from '@shuji/forecasting';
import { DEFAULT_DAMPED_TREND } from '@shuji/twin';

const HORIZON = 12;
const STEP_MS = 300_000;
const DAY_MS = 86_400_000;
const GATE_MG_DL = 2.35;

export interface Win {
  readonly truth: number[];
  readonly predicted: number[];
  readonly person: number;
}

/** The in-distribution validation part: its windows, the members' forecasts of them (same order) and a reporter. */
export interface ValidationContext {
  readonly people: readonly { readonly segments: readonly CgmSegment[] }[];
  /** Per window: the last segment's values, the index after the origin, the person, the origin's time. */
  readonly windows: { s: Float64Array; end: number; person: number; nowMs: number }[];
  /** The damped-trend model's Kalman filter alone. */
  readonly filter: Win[];
  /** The correction with the population prior (POPULATION_PRIOR_CGM_SETTINGS). */
  readonly volatile: Win[];
  /** The product's default (the volatility gate). */
  readonly gated: Win[];
  /** The population ridge AR (GlucoBench's linear model on the training parts). */
  readonly ar: Win[];
  readonly ridge: RidgeAr;
  /** Root mean square of the last n 5-min differences before each window's origin. */
  volatility(n: number): number[];
  report(name: string, ws: readonly Win[]): void;
  windowsOf(settings: PersonalCgmSettings | GatedCgmSettings): Win[];
}

export function runExploration(name: string, ctx: ValidationContext): void {
  const runs: Record<string, (c: ValidationContext) => void> = { combination, 'bates-granger': batesGranger, 'personal-ar': personalAr, daily, 'daily-product': dailyProduct, 'gate-lambda': gateLambda };
  const run = runs[name];
  if (run === undefined) throw new RangeError(`--explore-${name}: one of ${Object.keys(runs).join(', ')}`);
  ctx.report('ridge AR', ctx.ar);
  ctx.report('filter alone', ctx.filter);
  ctx.report('gated default', ctx.gated);
  run(ctx);
}

/** w·a + (1 − w)·b, window by window. */
const mix = (a: readonly Win[], b: readonly Win[], w: number): Win[] => a.map((x, i) => ({ ...x, predicted: x.predicted.map((v, h) => w * v + (1 - w) * b[i].predicted[h]) }));
/** The gate: `volatile[i]` where the recent volatility exceeds the product's threshold, else `calm[i]`. */
const gate = (ctx: ValidationContext, calm: readonly Win[], volatile: readonly Win[]): Win[] => {
  const vol = ctx.volatility(3);
  return calm.map((w, i) => (vol[i] > GATE_MG_DL ? volatile[i] : w));
};

function combination(ctx: ValidationContext): void {
  for (const w of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) ctx.report(`${w} × gated default + ${(1 - w).toFixed(1)} × ridge AR`, mix(ctx.gated, ctx.ar, w));
  for (const w of [0.4, 0.5, 0.6, 0.7]) ctx.report(`${w} × filter + ${(1 - w).toFixed(1)} × ridge AR`, mix(ctx.filter, ctx.ar, w));
  for (const w of [0.4, 0.5, 0.6, 0.7]) ctx.report(`${w} × correction with prior + ${(1 - w).toFixed(1)} × ridge AR`, mix(ctx.volatile, ctx.ar, w));
  for (const w of [0.5, 0.6, 0.7]) ctx.report(`gate: filter | ${w} × correction with prior + ridge AR`, gate(ctx, ctx.filter, mix(ctx.volatile, ctx.ar, w)));
  for (const w of [0.5, 0.6, 0.7]) ctx.report(`gate: ${w} × filter + ridge AR | correction with prior`, gate(ctx, mix(ctx.filter, ctx.ar, w), ctx.volatile));
}

/** Per person, the filter's and the AR's errors at every past origin and step, with the outcome's time. */
function pastErrors(ctx: ValidationContext): { outcomeMs: number; k: number; filter: number; ar: number }[][] {
  return ctx.people.map((person) => {
    const out: { outcomeMs: number; k: number; filter: number; ar: number }[] = [];
    for (const seg of person.segments) {
      const p = segmentPaths(DEFAULT_DAMPED_TREND, seg.values, HORIZON, ctx.ridge);
      for (let t = 0; t + 1 < seg.values.length; t++) {
        const ar = p.ar[t];
        if (ar === undefined) continue;
        for (let k = 0; k < HORIZON && t + k + 1 < seg.values.length; k++) {
          const y = seg.values[t + k + 1];
          out.push({ outcomeMs: seg.startMs + (t + k + 1) * STEP_MS, k, filter: y - p.filter[t][k], ar: y - ar[k] });
        }
      }
    }
    return out;
  });
}

function batesGranger(ctx: ValidationContext): void {
  const errors = pastErrors(ctx);
  for (const halfLifeH of [1, 4, 24, Number.POSITIVE_INFINITY]) {
    // weight of the filter per window and step: (1/S_f) / (1/S_f + 1/S_ar), S the discounted sums of squared errors
    const weights = ctx.windows.map(({ person, nowMs }) => {
      const sf = new Float64Array(HORIZON);
      const sa = new Float64Array(HORIZON);
      for (const e of errors[person]) {
        if (e.outcomeMs > nowMs) continue;
        const d = Number.isFinite(halfLifeH) ? 0.5 ** ((nowMs - e.outcomeMs) / (halfLifeH * 3_600_000)) : 1;
        sf[e.k] += d * e.filter ** 2;
        sa[e.k] += d * e.ar ** 2;
      }
      return Array.from(sf, (f, k) => (f + sa[k] === 0 ? 0.5 : sa[k] / (f + sa[k])));
    });
    const bg = ctx.filter.map((w, i) => ({ ...w, predicted: w.predicted.map((v, k) => weights[i][k] * v + (1 - weights[i][k]) * ctx.ar[i].predicted[k]) }));
    const name = `Bates–Granger filter + ridge AR, half-life ${halfLifeH} h`;
    ctx.report(name, bg);
    ctx.report(`gate: ${name} | correction with prior`, gate(ctx, bg, ctx.volatile));
    ctx.report(`gate: filter | ${name}`, gate(ctx, ctx.filter, bg));
  }
}

/** The population AR's features (ridge-ar.ts): intercept, level / 100, the 83 earlier readings minus the last. */
function arFeatures(s: ArrayLike<number>, end: number, lags: number, x: Float64Array): Float64Array {
  const last = s[end - 1];
  x[0] = 1;
  x[1] = last / 100;
  for (let i = 0; i < lags - 1; i++) x[i + 2] = s[end - lags + i] - last;
  return x;
}

function personalAr(ctx: ValidationContext): void {
  const { lags } = ctx.ridge;
  const K = lags + 1;
  const w0 = ctx.ridge.weightRows();
  const lambdas = [1e3, 3e3, 1e4, 1e5, 1e6];
  const personal: Win[][] = lambdas.map(() => []);
  const x = new Float64Array(K);
  let state: { person: number; A: Float64Array[]; b: Float64Array[]; next: number[]; origins: { s: Float64Array; end: number; t0: number }[] } | undefined;
  ctx.windows.forEach(({ s, end, person, nowMs }, i) => {
    if (state?.person !== person) {
      // the person's origins in time order; normal equations per step, filled as outcomes are read
      const origins = ctx.people[person].segments.flatMap((seg) => Array.from({ length: Math.max(0, seg.values.length - lags) }, (_, j) => ({ s: seg.values, end: lags + j, t0: seg.startMs + (lags + j - 1) * STEP_MS })));
      state = { person, A: Array.from({ length: HORIZON }, () => new Float64Array(K * K)), b: Array.from({ length: HORIZON }, () => new Float64Array(K)), next: new Array<number>(HORIZON).fill(0), origins };
    }
    const { A, b, next, origins } = state;
    for (let k = 0; k < HORIZON; k++)
      for (; next[k] < origins.length && origins[next[k]].t0 + (k + 1) * STEP_MS <= nowMs; next[k]++) {
        const o = origins[next[k]];
        if (o.end + k >= o.s.length) continue;
        arFeatures(o.s, o.end, lags, x);
        const y = o.s[o.end + k] - o.s[o.end - 1];
        for (let r = 0; r < K; r++) {
          b[k][r] += x[r] * y;
          for (let c = 0; c < K; c++) A[k][r * K + c] += x[r] * x[c];
        }
      }
    arFeatures(s, end, lags, x);
    lambdas.forEach((lambda, li) => {
      const predicted = Array.from({ length: HORIZON }, (_, k) => {
        const M = Float64Array.from(A[k], (v, j) => v + (j % (K + 1) === 0 ? lambda : 0));
        const w = choleskySolve(M, Float64Array.from(b[k], (v, r) => v + lambda * w0[k * K + r]), K)!;
        return s[end - 1] + w.reduce((acc, wr, r) => acc + wr * x[r], 0);
      });
      personal[li].push({ ...ctx.filter[i], predicted });
    });
  });
  lambdas.forEach((lambda, li) => {
    const name = `personal AR λ ${lambda.toExponential(0)}`;
    ctx.report(name, personal[li]);
    ctx.report(`gate: filter | ${name}`, gate(ctx, ctx.filter, personal[li]));
    ctx.report(`½ gated default + ½ ${name}`, mix(ctx.gated, personal[li], 0.5));
  });
}

function daily(ctx: ValidationContext): void {
  // per person, the filter's residual path from every origin, with the origin's time
  const residuals = ctx.people.map((person) =>
    person.segments.flatMap((seg) => {
      const p = segmentPaths(DEFAULT_DAMPED_TREND, seg.values, HORIZON, undefined);
      return Array.from({ length: Math.max(0, seg.values.length - HORIZON) }, (_, t) => ({ originMs: seg.startMs + t * STEP_MS, r: Float64Array.from(p.filter[t], (v, k) => seg.values[t + k + 1] - v) }));
    }),
  );
  const calm = ctx.volatility(3).map((v) => v <= GATE_MG_DL);
  // first grid ±20, 40, 60 min × d₀ 0, 1, 3; its best at the edge (±60, 3), so a second ±20 … 120 × d₀ 0 … 10
  // (`--second-grid`); its best again at the edge of d₀ (±60, 10), so the third, finer one (the default)
  const grid = process.argv.includes('--second-grid') ? { bands: [20, 40, 60, 90, 120], d0s: [0, 1, 3, 10] } : { bands: [45, 60, 75, 90], d0s: [6, 10, 20, 40] };
  for (const bandMin of grid.bands)
    for (const d0 of grid.d0s) {
      const corrections = ctx.windows.map(({ person, nowMs }) => {
        const sum = new Float64Array(HORIZON);
        let n = 0;
        const days = new Set<number>();
        for (const e of residuals[person]) {
          // earlier days only (at least 20 h before the origin: the outcome is read, and the last hours are not the
          // pattern), within the 14 days of history the product looks at (PERSONAL_CGM_SETTINGS.historyDays)
          if (e.originMs > nowMs - 20 * 3_600_000 || e.originMs < nowMs - POPULATION_PRIOR_CGM_SETTINGS.historyDays * DAY_MS) continue;
          const dc = (((e.originMs - nowMs) % DAY_MS) + DAY_MS) % DAY_MS;
          if (Math.min(dc, DAY_MS - dc) > bandMin * 60_000) continue;
          e.r.forEach((v, k) => (sum[k] += v));
          n++;
          days.add(Math.round((nowMs - e.originMs) / DAY_MS));
        }
        const shrink = days.size / (days.size + d0);
        return Array.from(sum, (v) => (n === 0 ? 0 : (shrink * v) / n));
      });
      const add = (only: (i: number) => boolean): Win[] => ctx.gated.map((w, i) => (only(i) ? { ...w, predicted: w.predicted.map((v, k) => v + corrections[i][k]) } : w));
      ctx.report(`gated default + daily pattern (±${bandMin} min, d₀ ${d0}), every window`, add(() => true));
      if (d0 <= 10) ctx.report(`gated default + daily pattern (±${bandMin} min, d₀ ${d0}), calm windows`, add((i) => calm[i]));
    }
}

/** The product's function with the chosen pattern (DAILY_GATED_CGM_SETTINGS), on the same windows. */
function dailyProduct(ctx: ValidationContext): void {
  ctx.report('product: gated default + daily pattern (DAILY_GATED_CGM_SETTINGS)', ctx.windowsOf(DAILY_GATED_CGM_SETTINGS));
}

function gateLambda(ctx: ValidationContext): void {
  for (const lambda of [1e3, 3e3, 3e4, 1e5]) {
    const volatile = ctx.windowsOf({ ...POPULATION_PRIOR_CGM_SETTINGS, lambda });
    ctx.report(`gate: filter | correction with prior λ ${lambda.toExponential(0)}`, gate(ctx, ctx.filter, volatile));
  }
}
