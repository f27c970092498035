/**
 * Gradient-boosted trees on the ridge ARX's features (arxFeatures: the last reading, 2 h of lags as differences
 * from it, insulin and carbohydrates on board and their absorption over the next 30/60 min): issue 14's
 * "gradient-boosted trees on the same features". Direct multi-step: one boosted model per forecast step, each
 * predicting the change from the last reading (as RidgeArx does), squared loss (gradient-boosted-trees.ts).
 */
import { type ArxSeries, arxFeatures } from './ridge-arx';
import { GradientBoostedTrees, type GbtJson, type GbtOptions } from './gradient-boosted-trees';

/** A fitted GbtArx as plain numbers: one boosted model per step (what a committed artefact stores). */
export interface GbtArxJson {
  readonly lags: number;
  readonly steps: readonly number[];
  readonly exogenousCount: number;
  readonly models: readonly GbtJson[];
}

export interface GbtArxOptions {
  readonly lags: number;
  /** 0-based steps ahead to model (step k forecasts reading end + k). */
  readonly steps: readonly number[];
  /** Every `stride`-th window of each series is a training row (default 1). */
  readonly stride?: number;
  readonly gbt: GbtOptions;
}

export class GbtArx {
  private constructor(
    readonly lags: number,
    readonly steps: readonly number[],
    readonly exogenousCount: number,
    private readonly models: readonly GradientBoostedTrees[],
  ) {}

  static fit(series: readonly ArxSeries[], options: GbtArxOptions): GbtArx {
    const { lags, steps } = options;
    const stride = options.stride ?? 1;
    const m = series[0]?.exogenous[0]?.length ?? 0;
    const k = lags + 1 + m;
    const last = Math.max(...steps);
    const ends: { s: ArxSeries; end: number }[] = [];
    for (const s of series) {
      if (s.exogenous.length !== s.values.length) throw new RangeError('GBT ARX: one exogenous row per reading');
      for (let end = lags; end + last < s.values.length; end += stride) ends.push({ s, end });
    }
    const x = new Float64Array(ends.length * k);
    const row = new Float64Array(k);
    ends.forEach(({ s, end }, i) => x.set(arxFeatures(s, end, lags, m, row), i * k));
    const models = steps.map((step, j) => {
      const y = Float64Array.from(ends, ({ s, end }) => s.values[end + step] - s.values[end - 1]);
      return GradientBoostedTrees.fit(x, y, k, { ...options.gbt, seed: (options.gbt.seed ?? 2001) + j });
    });
    return new GbtArx(lags, steps, m, models);
  }

  /** The same models cut to their first `trees` trees each (boosting with fewer rounds, the same seeds). */
  truncated(trees: number): GbtArx {
    return new GbtArx(this.lags, this.steps, this.exogenousCount, this.models.map((m) => m.truncated(Math.min(trees, m.treeCount))));
  }

  get treeCount(): number {
    return this.models.reduce((a, m) => a + m.treeCount, 0);
  }

  toJSON(): GbtArxJson {
    return { lags: this.lags, steps: [...this.steps], exogenousCount: this.exogenousCount, models: this.models.map((m) => m.toJSON()) };
  }

  static fromJSON(json: GbtArxJson): GbtArx {
    const { lags, steps, exogenousCount, models } = json ?? {};
    if (![lags, exogenousCount].every((n) => Number.isInteger(n) && n >= 0) || lags < 1) throw new RangeError('GBT ARX: bad lags or exogenousCount');
    if (!Array.isArray(steps) || !Array.isArray(models) || steps.length === 0 || steps.length !== models.length || !steps.every((k) => Number.isInteger(k) && k >= 0)) {
      throw new RangeError('GBT ARX: one model per step, steps non-negative integers');
    }
    const loaded = models.map((m) => GradientBoostedTrees.fromJSON(m));
    if (loaded.some((m) => m.features !== lags + 1 + exogenousCount)) throw new RangeError(`GBT ARX: every model must take ${lags + 1 + exogenousCount} features`);
    return new GbtArx(lags, [...steps], exogenousCount, loaded);
  }

  /** The readings at `steps` after reading end − 1, in the order of `steps`. */
  predict(s: ArxSeries, end: number): Float64Array {
    if (end < this.lags) throw new RangeError(`GBT ARX needs ${this.lags} readings before the forecast`);
    const x = arxFeatures(s, end, this.lags, this.exogenousCount, new Float64Array(this.lags + 1 + this.exogenousCount));
    const lastValue = s.values[end - 1];
    return Float64Array.from(this.models, (model) => lastValue + model.predict(x));
  }
}
