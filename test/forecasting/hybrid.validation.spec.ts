/**
 * Issue 6's acceptance for the hybrid forecast, on the fixed held-out cohort (seed 2027, all 30 virtual T1D
 * patients, 3 days streamed into the twin; forecasts every 15 min of day 3) with the committed calibration,
 * which `npm run calibrate:hybrid` fitted on the tuning cohort (seed 2026). Figures of the full runs, also
 * at 120 min and in the FM's out-of-distribution region, are in docs/validation.md (## Foundation model).
 * ≈ 60 s CPU.
 */
import { join } from 'node:path';
import { calibrationGbt, calibrationRidge, collectForecastSamples, defaultHybridCalibration, scoreMethods, type MethodScore } from '@shuji/forecasting';
import { FoundationModel } from '@shuji/foundation-model';
import { beforeAll, describe, expect, it } from 'vitest';

const MODEL_DIR = join(__dirname, '..', '..', 'models', 'shuji-fm-v2');
const HELD_OUT = { seed: 2027, indices: Array.from({ length: 30 }, (_, i) => i), days: 3 };

describe('hybrid forecast validation (held-out virtual patients, seed 2027)', () => {
  let scores: MethodScore[];
  const at = (method: MethodScore['method'], horizonMin: number): MethodScore => {
    const s = scores.find((x) => x.method === method && x.horizonMin === horizonMin);
    if (s === undefined) throw new Error(`no score for ${method} at ${horizonMin} min`);
    return s;
  };

  beforeAll(async () => {
    const calibration = defaultHybridCalibration();
    const fm = await FoundationModel.load({ modelDir: MODEL_DIR, maxWaitMs: 1 });
    expect(fm.name).toBe(calibration.fmModel);
    const { samples } = await collectForecastSamples(HELD_OUT, fm, { horizonsMin: [30, 60, 120], forecastEveryMin: 15, stackRidge: calibrationRidge(calibration), ridgePersonalLambda: calibration.ridgePersonalLambda, stackGbt: calibrationGbt(calibration) });
    await fm.close();
    scores = scoreMethods(samples, calibration);
  }, 600_000);

  // measured with the version-3 calibration (twin + FM + personal ridge + GBT, fitted on the honest tuning cohorts)
  // refitted 2026-12-05 with the FM fed no fingersticks beside CGM: the stacking weight on the twin is ≈ 0, so on
  // this identical-twin cohort the oracle-prior twin beats the hybrid at 30 min (15.1 vs 16.4 mg/dL) and ties it at
  // 60 (24.9 vs 25.0); the FM alone, now fed as it was trained, is 2.6 % below the hybrid at 60 min (24.4; with
  // fingersticks it was 25.7, the hybrid 25.6), as the weights fitted on the misspecified tuning truths give it 0.25
  // on this, its own simulator. Known costs where the twin's model is right (docs/validation.md, "The hybrid v3" and
  // "… without fingersticks in the FM"); these bounds guard them from growing.
  it('should stay within 3 % of the oracle-prior twin and 5 % of the FM alone at 60 min', () => {
    expect(at('hybrid', 60).n).toBeGreaterThan(80 * HELD_OUT.indices.length);
    expect(at('hybrid', 60).rmse).toBeLessThan(1.03 * at('twin', 60).rmse);
    expect(at('hybrid', 60).rmse).toBeLessThan(1.05 * at('fm', 60).rmse);
  });

  it('should stay within 15 % of the oracle-prior twin at 30 min', () => {
    expect(at('hybrid', 30).rmse).toBeLessThan(1.15 * at('twin', 30).rmse);
  });

  it.each([30, 60])('should cover 75–90 %% of the readings with its 10–90 %% interval at %i min', (h) => {
    expect(at('hybrid', h).coverage80).toBeGreaterThanOrEqual(0.75);
    expect(at('hybrid', h).coverage80).toBeLessThanOrEqual(0.9);
  });

  it('should beat persistence and linear extrapolation at every horizon', () => {
    for (const h of [30, 60, 120]) {
      expect(at('hybrid', h).rmse).toBeLessThan(at('persistence', h).rmse);
      expect(at('hybrid', h).rmse).toBeLessThan(at('linear', h).rmse);
    }
  });
});
