/**
 * The fitted numbers of the hybrid forecast, as written by `npm run calibrate:hybrid` into
 * `libs/forecasting/data/hybrid-calibration.json` and read by the product at run time.
 */
import { GbtArx, type GbtArxJson } from '../baselines/gbt-arx';
import { RidgeArx, type RidgeArxJson } from '../baselines/ridge-arx';

/** Per horizon: how the twin and the FM are combined and how far the interval is stretched. */
export interface HybridHorizonCalibration {
  readonly horizonMin: number;
  /** Weight of the twin's mean in the hybrid median (without fmWeight, the FM's median gets 1 − w). */
  readonly twinWeight: number;
  /** Weight of the FM's median, when the hybrid also stacks the ridge ARX (version 2). */
  readonly fmWeight?: number;
  /** Weight of the ridge ARX forecast (version 2; twin + FM + ridge weights sum to 1). */
  readonly ridgeWeight?: number;
  /** Weight of the GBT ARX forecast (version 3; twin + FM + ridge + GBT weights sum to 1). */
  readonly gbtWeight?: number;
  /** Factor on the combined lower half-width (median − 10 % quantile). */
  readonly lowerScale: number;
  /** Factor on the combined upper half-width (90 % quantile − median). */
  readonly upperScale: number;
  /** Forecasts the numbers were fitted on. */
  readonly n: number;
}

/** Split-conformal offsets of a point baseline: the 10–90 % interval is point + [lower, upper]. */
export interface BaselineHorizonCalibration {
  readonly horizonMin: number;
  readonly persistence: { readonly lower: number; readonly upper: number };
  readonly linear: { readonly lower: number; readonly upper: number };
}

export interface HybridCalibration {
  /** 1: twin and FM; 2: twin, FM and the ridge ARX of `ridgeArx`; 3: and the GBT ARX of `gbtArx`. */
  readonly version: 1 | 2 | 3;
  /** Name of the FM the numbers were fitted with (its model folder). */
  readonly fmModel: string;
  /** Component id of the twin (TwinComponent.id). */
  readonly twinComponent: string;
  readonly code: string;
  readonly cohortSeed: number;
  readonly patients: number;
  readonly days: number;
  readonly forecastEveryMin: number;
  readonly fittedAt: string;
  readonly horizons: readonly HybridHorizonCalibration[];
  readonly baselines: readonly BaselineHorizonCalibration[];
  /** The ridge ARX stacked into the hybrid (version 2), trained on the tuning cohorts named in `tuning`. */
  readonly ridgeArx?: RidgeArxJson;
  /** Shrinkage of the ridge ARX's per-person adaptation (RidgeArx.personalise); none when absent. */
  readonly ridgePersonalLambda?: number;
  /** What the numbers were fitted on, in words (version 2). */
  readonly tuning?: string;
  /**
   * The GBT ARX stacked into the hybrid (version 3): its trees live in their own committed file (`gbtArxFile`,
   * beside the calibration; defaultHybridCalibration loads it here), trained on the same tuning cohorts.
   */
  readonly gbtArx?: GbtArxJson;
  /** File name of the GBT's trees (version 3), and the `fittedAt` it must carry (the calibration's). */
  readonly gbtArxFile?: string;
}

/** Checks a parsed calibration, naming the first bad field. */
export function parseHybridCalibration(value: unknown): HybridCalibration {
  const fail = (field: string): never => {
    throw new RangeError(`hybrid calibration: bad or missing "${field}"`);
  };
  if (typeof value !== 'object' || value === null) return fail('(root)');
  const c = value as Record<string, unknown>;
  if (c.version !== 1 && c.version !== 2 && c.version !== 3) fail('version');
  for (const key of ['fmModel', 'twinComponent', 'code', 'fittedAt']) if (typeof c[key] !== 'string') fail(key);
  for (const key of ['cohortSeed', 'patients', 'days', 'forecastEveryMin']) if (typeof c[key] !== 'number') fail(key);
  if (!Array.isArray(c.horizons) || c.horizons.length === 0) return fail('horizons');
  for (const h of c.horizons as Record<string, unknown>[]) {
    const w = h.twinWeight;
    if (typeof h.horizonMin !== 'number' || !(h.horizonMin > 0)) fail('horizons[].horizonMin');
    if (typeof w !== 'number' || !(w >= 0 && w <= 1)) return fail('horizons[].twinWeight');
    if (c.version !== 1) {
      const f = h.fmWeight;
      const r = h.ridgeWeight;
      const g = c.version === 3 ? h.gbtWeight : 0;
      if (typeof f !== 'number' || !(f >= 0 && f <= 1)) fail('horizons[].fmWeight');
      if (typeof r !== 'number' || !(r >= 0 && r <= 1)) fail('horizons[].ridgeWeight');
      if (typeof g !== 'number' || !(g >= 0 && g <= 1)) fail('horizons[].gbtWeight');
      if (Math.abs(w + (f as number) + (r as number) + (g as number) - 1) > 1e-6) fail('horizons[] weights (must sum to 1)');
    }
    for (const key of ['lowerScale', 'upperScale']) {
      const s = h[key];
      if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) fail(`horizons[].${key}`);
    }
  }
  if (!Array.isArray(c.baselines)) fail('baselines');
  if (c.version !== 1) {
    try {
      RidgeArx.fromJSON(c.ridgeArx as RidgeArxJson);
    } catch {
      fail('ridgeArx');
    }
    if (c.version === 3) {
      try {
        GbtArx.fromJSON(c.gbtArx as GbtArxJson);
      } catch {
        fail('gbtArx');
      }
    }
    const l = c.ridgePersonalLambda;
    if (l !== undefined && !(typeof l === 'number' && l > 0 && Number.isFinite(l))) fail('ridgePersonalLambda');
  }
  return value as HybridCalibration;
}

/** `load`'s model of a calibration, built once per calibration object. */
function cachedModel<T>(cache: WeakMap<HybridCalibration, T>, calibration: HybridCalibration, load: () => T): T {
  let model = cache.get(calibration);
  if (model === undefined) {
    model = load();
    cache.set(calibration, model);
  }
  return model;
}

const ridges = new WeakMap<HybridCalibration, RidgeArx>();
const gbts = new WeakMap<HybridCalibration, GbtArx>();

/** The ridge ARX a version-2 or 3 calibration stacks, or undefined. */
export function calibrationRidge(calibration: HybridCalibration): RidgeArx | undefined {
  const json = calibration.ridgeArx;
  return json === undefined ? undefined : cachedModel(ridges, calibration, () => RidgeArx.fromJSON(json));
}

/** The GBT ARX a version-3 calibration stacks, or undefined. */
export function calibrationGbt(calibration: HybridCalibration): GbtArx | undefined {
  const json = calibration.gbtArx;
  return json === undefined ? undefined : cachedModel(gbts, calibration, () => GbtArx.fromJSON(json));
}

export function horizonCalibration(calibration: HybridCalibration, horizonMin: number): HybridHorizonCalibration | undefined {
  return calibration.horizons.find((h) => h.horizonMin === horizonMin);
}
