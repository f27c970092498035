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
 * - `meal-onset`: a meal's onset detected from the glucose's rate of change alone (Dassau et al. 2008, Harvey et al.
 *   2014, Samadi et al. 2017: mealOnset below), and for a while after it the filter plus the typical post-onset shape
 *   of its residuals instead of `@3`; also where `@3`'s largest 60-min errors lie.
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
  /** Prints a − b: the person-block bootstrap of the mean squared 60-min error's difference and Diebold–Mariano's test. */
  compare(name: string, a: readonly Win[], b: readonly Win[]): void;
  windowsOf(settings: PersonalCgmSettings | GatedCgmSettings): Win[];
}

export function runExploration(name: string, ctx: ValidationContext): void {
  const runs: Record<string, (c: ValidationContext) => void> = { combination, 'bates-granger': batesGranger, 'personal-ar': personalAr, daily, 'daily-product': dailyProduct, 'gate-lambda': gateLambda, 'meal-onset': mealOnset };
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

/** Per person, the filter's residual path from every origin of every segment, with the origin's time. */
function filterResiduals(ctx: ValidationContext): { originMs: number; r: Float64Array }[][] {
  return ctx.people.map((person) =>
    person.segments.flatMap((seg) => {
      const p = segmentPaths(DEFAULT_DAMPED_TREND, seg.values, HORIZON, undefined);
      return Array.from({ length: Math.max(0, seg.values.length - HORIZON) }, (_, t) => ({ originMs: seg.startMs + t * STEP_MS, r: Float64Array.from(p.filter[t], (v, k) => seg.values[t + k + 1] - v) }));
    }),
  );
}

/** Per validation window, the daily pattern's offsets (±bandMin, d₀), as daily-residual-pattern.ts computes them. */
function dailyCorrections(ctx: ValidationContext, residuals: ReturnType<typeof filterResiduals>, bandMin: number, d0: number): number[][] {
  return ctx.windows.map(({ person, nowMs }) => {
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
}

function daily(ctx: ValidationContext): void {
  const residuals = filterResiduals(ctx);
  const calm = ctx.volatility(3).map((v) => v <= GATE_MG_DL);
  // first grid ±20, 40, 60 min × d₀ 0, 1, 3; its best at the edge (±60, 3), so a second ±20 … 120 × d₀ 0 … 10
  // (`--second-grid`); its best again at the edge of d₀ (±60, 10), so the third, finer one (the default)
  const grid = process.argv.includes('--second-grid') ? { bands: [20, 40, 60, 90, 120], d0s: [0, 1, 3, 10] } : { bands: [45, 60, 75, 90], d0s: [6, 10, 20, 40] };
  for (const bandMin of grid.bands)
    for (const d0 of grid.d0s) {
      const corrections = dailyCorrections(ctx, residuals, bandMin, d0);
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

/** A meal-onset rule on the 5-min CGM grid: the last `m` differences all above `thetaMgDlMin` × 5 min. */
interface OnsetRule {
  readonly thetaMgDlMin: number;
  readonly m: number;
  /** Steps without a detection before a detection starts a new onset (else it continues the current one). */
  readonly refractory: number;
  /** Steps after an onset during which the post-onset shape is used. */
  readonly tauMax: number;
}

/** Per index t of x, the steps since the latest detected onset (from x[0…t] only), or -1 beyond `tauMax` / none. */
function stepsSinceOnset(x: ArrayLike<number>, rule: OnsetRule): Int32Array {
  const out = new Int32Array(x.length).fill(-1);
  let lastDetect = Number.NEGATIVE_INFINITY;
  let start = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < x.length; t++) {
    let detected = t >= rule.m;
    for (let j = 0; detected && j < rule.m; j++) detected = x[t - j] - x[t - j - 1] > 5 * rule.thetaMgDlMin;
    if (detected) {
      if (t - lastDetect > rule.refractory) start = t;
      lastDetect = t;
    }
    if (t - start <= rule.tauMax) out[t] = t - start;
  }
  return out;
}

/**
 * `meal-onset`: a meal's onset detected from the glucose stream alone — the rate of change above a threshold for
 * `m` consecutive 5-min steps, as the rate-of-change detectors for unannounced meals (Dassau E, et al. Detection of a
 * meal using continuous glucose monitoring. Diabetes Care 2008;31:295–300; Harvey RA, et al. Design of the glucose
 * rate increase detector. Diabetes Technol Ther 2014;16:1–10; Samadi S, et al. Meal detection and carbohydrate
 * estimation using CGM sensor data. IEEE J Biomed Health Inform 2017;21:619–627); for `tauMax` steps after an onset
 * the forecast is the Kalman filter plus the typical post-onset shape of its residuals at the same steps since onset:
 * the person's own past onsets (outcomes read, within 14 days) shrunk to a population shape learnt on the training
 * parts of the 17 in-distribution people, (Σ own + n₀ · population) / (n_own + n₀) (James & Stein 1961). Elsewhere
 * the default (`@3`: the gate plus the daily pattern, reproduced here as `--explore-daily` computes it).
 */
function mealOnset(ctx: ValidationContext): void {
  const residuals = filterResiduals(ctx);
  const dailyOffsets = dailyCorrections(ctx, residuals, 60, 10);
  const current = ctx.gated.map((w, i) => ({ ...w, predicted: w.predicted.map((v, k) => v + dailyOffsets[i][k]) }));
  ctx.report('@3: gated default + daily pattern (±60 min, d₀ 10)', current);
  // per person and segment: the filter's residual paths (residuals[] holds them segment after segment)
  const segs = ctx.people.map((person, p) => {
    let offset = 0;
    return person.segments.map((seg, si) => {
      const n = Math.max(0, seg.values.length - HORIZON);
      const r = residuals[p].slice(offset, offset + n);
      offset += n;
      // the training part: every origin of the earlier segments; of the last, those whose outcomes precede the
      // validation part (the TEST_POINTS before the last TEST_POINTS)
      const trainEnd = si === person.segments.length - 1 ? seg.values.length - 2 * 192 : seg.values.length;
      return { seg, r, trainEnd };
    });
  });
  const refractory = 24;
  largestErrors(ctx, current, { thetaMgDlMin: 1, m: 3, refractory, tauMax: 12 });
  // first grid θ 0.5 … 2 × m 2, 3 × 30, 60 min × n₀ 10, ∞; its best (θ 1 × 3, n₀ ∞) interior in θ, at the edge in m
  // and n₀, so a second one around it (`--second-grid`)
  // and n₀, so a second one around it (`--second-grid`); its best (θ 1 × 4, 30 min, n₀ ∞) again at the edge of m, so
  // a third (`--third-grid`), each line then also against @3
  const third = process.argv.includes('--third-grid');
  const grid = third
    ? { thetas: [0.75, 1], ms: [4, 5, 6], tauMaxes: [6, 12], n0s: [30, Number.POSITIVE_INFINITY] }
    : process.argv.includes('--second-grid')
      ? { thetas: [0.75, 1, 1.25], ms: [3, 4], tauMaxes: [6, 12], n0s: [30, Number.POSITIVE_INFINITY] }
      : { thetas: [0.5, 1, 1.5, 2], ms: [2, 3], tauMaxes: [6, 12], n0s: [10, Number.POSITIVE_INFINITY] };
  for (const thetaMgDlMin of grid.thetas)
    for (const m of grid.ms)
      for (const tauMax of grid.tauMaxes) {
        const rule: OnsetRule = { thetaMgDlMin, m, refractory, tauMax };
        // per person, the origins after an onset: their steps since onset, time and the filter's residual path
        const events = segs.map((ss) =>
          ss.flatMap(({ seg, r, trainEnd }) => {
            const tau = stepsSinceOnset(seg.values, rule);
            return r.flatMap((e, t) => (tau[t] < 0 ? [] : [{ tau: tau[t], originMs: e.originMs, r: e.r, train: t + HORIZON < trainEnd }]));
          }),
        );
        const pop = Array.from({ length: tauMax + 1 }, () => new Float64Array(HORIZON));
        const popN = new Array<number>(tauMax + 1).fill(0);
        for (const e of events.flat())
          if (e.train) {
            e.r.forEach((v, k) => (pop[e.tau][k] += v));
            popN[e.tau]++;
          }
        pop.forEach((row, tau) => row.forEach((v, k) => (row[k] = popN[tau] === 0 ? 0 : v / popN[tau])));
        const lastTau = new Map<Float64Array, Int32Array>();
        const tauAt = (s: Float64Array, t: number): number => {
          let a = lastTau.get(s);
          if (a === undefined) lastTau.set(s, (a = stepsSinceOnset(s, rule)));
          return a[t];
        };
        const onsetWindows = ctx.windows.map(({ s, end }) => tauAt(s, end - 1));
        for (const n0 of grid.n0s) {
          const shape = ctx.windows.map(({ person, nowMs }, i) => {
            const tau = onsetWindows[i];
            if (tau < 0) return undefined;
            const sum = Float64Array.from(pop[tau], (v) => (Number.isFinite(n0) ? n0 * v : 0));
            let n = 0;
            if (Number.isFinite(n0))
              for (const e of events[person])
                if (e.tau === tau && e.originMs + HORIZON * STEP_MS <= nowMs && e.originMs >= nowMs - POPULATION_PRIOR_CGM_SETTINGS.historyDays * DAY_MS) {
                  e.r.forEach((v, k) => (sum[k] += v));
                  n++;
                }
            return Number.isFinite(n0) ? Array.from(sum, (v) => v / (n + n0)) : Array.from(pop[tau]);
          });
          const onset = ctx.filter.map((w, i) => (shape[i] === undefined ? undefined : w.predicted.map((v, k) => v + shape[i]![k])));
          const count = onset.filter((o) => o !== undefined).length;
          const name = `onset θ ${thetaMgDlMin} mg/dL/min × ${m}, ${tauMax * 5} min after, n₀ ${n0} (${count} windows)`;
          const replaced = current.map((w, i) => (onset[i] === undefined ? w : { ...w, predicted: onset[i]! }));
          const halved = current.map((w, i) => (onset[i] === undefined ? w : { ...w, predicted: w.predicted.map((v, k) => (v + onset[i]![k]) / 2) }));
          ctx.report(`${name}: filter + shape`, replaced);
          if (third) ctx.compare(`${name}: filter + shape − @3`, replaced, current);
          ctx.report(`${name}: ½ (filter + shape) + ½ @3`, halved);
          if (third) ctx.compare(`${name}: ½ (filter + shape) + ½ @3 − @3`, halved, current);
        }
      }
}

/**
 * Where the default's large 60-min errors are: the share of the squared 60-min error in the 5 % of windows with the
 * largest, and in those and in all windows the share with an onset detected at the origin, the median rate over the
 * last 15 min and the median change over the next 60 min (truth), mg/dL per min.
 */
function largestErrors(ctx: ValidationContext, ws: readonly Win[], rule: OnsetRule): void {
  const e60 = ws.map((w) => (w.predicted[HORIZON - 1] - w.truth[HORIZON - 1]) ** 2);
  const order = e60.map((_, i) => i).sort((a, b) => e60[b] - e60[a]);
  const top = order.slice(0, Math.ceil(0.05 * ws.length));
  const total = e60.reduce((a, v) => a + v, 0);
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const describe = (idx: readonly number[]): string => {
    const onset = idx.filter((i) => stepsSinceOnset(ctx.windows[i].s, rule)[ctx.windows[i].end - 1] >= 0).length;
    const rate = idx.map((i) => (ctx.windows[i].s[ctx.windows[i].end - 1] - ctx.windows[i].s[ctx.windows[i].end - 4]) / 15);
    const next = idx.map((i) => (ws[i].truth[HORIZON - 1] - ctx.windows[i].s[ctx.windows[i].end - 1]) / 60);
    const rises = next.filter((v) => v > 0).length;
    return `${idx.length} windows, onset detected at the origin (θ ${rule.thetaMgDlMin} × ${rule.m}, ${rule.tauMax * 5} min) in ${((100 * onset) / idx.length).toFixed(0)} %, median rate over the last 15 min ${median(rate).toFixed(2)}, median change over the next 60 min ${median(next).toFixed(2)} mg/dL/min, rising after in ${((100 * rises) / idx.length).toFixed(0)} %`;
  };
  console.log(`largest 5 % of @3's squared 60-min errors: ${((100 * top.reduce((a, i) => a + e60[i], 0)) / total).toFixed(0)} % of the sum; ${describe(top)}`);
  console.log(`all windows: ${describe(order)}`);
}
