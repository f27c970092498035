/**
 * Issue 14's CI check on the REGRESSION cohort (never the sealed one: that is `npm run validate:sealed`, once per
 * release). Persons drawn around the 6 regression subjects (2 per age group, disjoint from the tuning subjects) live
 * 3 days on S2008 with what the twin does not model (circadian insulin sensitivity, dawn phenomenon, varying meal
 * absorption, late/missed/correction boluses, hypo treatments, sensor drift and dropouts); their twins start from
 * the age group's population prior, and the ridge AR baselines are trained on the tuning cohort; the hybrid (the
 * product's default forecast: twin + FM + personalised ridge ARX, calibration fitted on tuning cohorts only) runs as
 * shipped. The assertions are what holds with margin on this cohort (figures in docs/validation.md, "Honest
 * validation of the T1D twin"). ≈ 60 s CPU.
 */
import { join } from 'node:path';
import { FoundationModel } from '@shuji/foundation-model';
import {
  collectHonestSamples,
  defaultHybridCalibration,
  scoreHonest,
  scoreSevereHypo,
  trainBaselines,
  type HonestMethod,
  type HonestSample,
  type HonestScore,
} from '@shuji/forecasting';
import { subjectsOf } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';

const TRUTH = 's2008-misspecified' as const;
// bounds from the regression cohort's measured figures (docs/validation.md: hybrid v3, FM fed no fingersticks beside
// CGM, 0.72× / 0.70× persistence, 0.94× / 0.97× ridge ARX, 0.97× / 0.98× GBT ARX, coverage 82 % / 86 % at 30 / 60
// min), with a margin
const HYBRID_VS_PERSISTENCE_MAX = 0.8;
const HYBRID_VS_RIDGE_ARX_MAX = 1.02;
const HYBRID_VS_GBT_ARX_MAX = 1.04;
const MODEL_DIR = join(__dirname, '..', '..', 'models', 'shuji-fm-v2');

describe('honest T1D validation (regression cohort, misspecified truth, population prior)', () => {
  let samples: HonestSample[];
  let scores: HonestScore[];
  const at = (method: HonestMethod, horizonMin: number): HonestScore => {
    const s = scores.find((x) => x.method === method && x.horizonMin === horizonMin);
    if (s === undefined) throw new Error(`no score for ${method} at ${horizonMin} min`);
    return s;
  };

  beforeAll(async () => {
    const baselines = trainBaselines({ truth: TRUTH, role: 'tuning', perSubject: 1 });
    // the product's default forecast: the hybrid with the committed calibration (fitted on tuning cohorts only)
    const model = await FoundationModel.load({ modelDir: MODEL_DIR, maxWaitMs: 1 });
    ({ samples } = await collectHonestSamples({ cohort: { truth: TRUTH, role: 'regression', perSubject: 2 }, baselines, oracle: false, fm: { model, calibration: defaultHybridCalibration() } }));
    await model.close();
    scores = scoreHonest(samples, { methods: ['persistence', 'ridge-ar', 'ridge-arx', 'gbt-arx', 'twin-population', 'hybrid'], horizonsMin: [30, 60], references: ['persistence', 'ridge-arx', 'gbt-arx'], replicates: 1000 });
  }, 300_000);

  it('should evaluate persons whose base subjects were never tuned on', () => {
    const tuning = new Set(subjectsOf('tuning'));
    expect(subjectsOf('regression').some((s) => tuning.has(s))).toBe(false);
    expect(at('twin-population', 30).patients).toBe(12);
    expect(at('twin-population', 30).n).toBeGreaterThan(12 * 70);
  });

  it('should beat persistence at 30 min with a realistic prior, the whole bootstrap interval below 1', () => {
    const vs = at('twin-population', 30).comparisons.find((c) => c.reference === 'persistence');
    expect(vs?.ratio.estimate).toBeLessThan(0.9);
    expect(vs?.ratio.upper).toBeLessThan(1);
  });

  it('should have a trained ridge AR that beats persistence (the baseline is not a straw man)', () => {
    expect(at('ridge-ar', 30).rmse).toBeLessThan(at('persistence', 30).rmse);
  });

  it('should have gradient-boosted trees on the ARX features that beat persistence at 30 min, the whole interval below 1', () => {
    const vs = at('gbt-arx', 30).comparisons.find((c) => c.reference === 'persistence');
    expect(vs?.ratio.upper).toBeLessThan(0.9);
  });

  it('should give the twin a lower CRPS than probabilistic persistence at 30 min, judged against its 77.5 % nominal level', () => {
    const twin = at('twin-population', 30);
    expect(twin.comparisons.find((c) => c.reference === 'persistence')?.crps?.ratio.upper).toBeLessThan(1);
    expect(twin.nominal80).toBeCloseTo(0.775, 3);
    expect(twin.pit?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('should cover 70–90 % of readings with the twin 10–90 % interval at 30 min (nominal 80 % ± 10)', () => {
    expect(at('twin-population', 30).coverage80).toBeGreaterThanOrEqual(0.7);
    expect(at('twin-population', 30).coverage80).toBeLessThanOrEqual(0.9);
  });

  it('should not lose more coverage at 60 min than it did when measured (70 %: under nominal, an open problem)', () => {
    // a regression guard, not a goal: the 60-min interval is too narrow under misspecification (docs/validation.md)
    expect(at('twin-population', 60).coverage80).toBeGreaterThanOrEqual(0.62);
    expect(at('twin-population', 60).coverage80).toBeLessThanOrEqual(0.9);
  });

  it('should have a hybrid (the default forecast) at least 20 % below persistence and not behind the ridge ARX or the GBT ARX at 30 and 60 min', () => {
    for (const h of [30, 60]) {
      const vs = (r: HonestMethod): number | undefined => at('hybrid', h).comparisons.find((c) => c.reference === r)?.ratio.estimate;
      expect(vs('persistence')).toBeLessThan(HYBRID_VS_PERSISTENCE_MAX);
      expect(vs('ridge-arx')).toBeLessThan(HYBRID_VS_RIDGE_ARX_MAX);
      expect(vs('gbt-arx')).toBeLessThan(HYBRID_VS_GBT_ARX_MAX);
    }
  });

  it('should cover 75–90 % of readings with the hybrid 10–90 % interval at 30 and 60 min (nominal 80 %; 86 % measured at 60)', () => {
    for (const h of [30, 60]) {
      expect(at('hybrid', h).coverage80).toBeGreaterThanOrEqual(0.75);
      expect(at('hybrid', h).coverage80).toBeLessThanOrEqual(0.9);
    }
  });

  it('should score the hybrid on severe hypoglycaemia from its own 5…30-min forecasts', () => {
    const [hybrid] = scoreSevereHypo(samples, ['hybrid']);
    expect(hybrid.forecasts).toBe(at('hybrid', 30).n);
  });
});

