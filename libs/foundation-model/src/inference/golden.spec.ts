import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { PERSONAL_PARAMETERS } from '../corpus/observation-codes';
import { FoundationModel, PERSONAL_OUTPUT } from './foundation-model';
import { goldenFeeds, type GoldenTensor } from './golden-feeds';

const MODELS = join(__dirname, '..', '..', '..', '..', 'models');
// every committed model (each folder of models/ with golden outputs)
const MODEL_DIRS = process.env.SHUJI_FM_TEST_MODEL_DIR
  ? [process.env.SHUJI_FM_TEST_MODEL_DIR]
  : readdirSync(MODELS).map((m) => join(MODELS, m)).filter((d) => existsSync(join(d, 'golden.json')));

interface Golden {
  readonly inputs: Record<string, GoldenTensor>;
  readonly outputs: Record<string, GoldenTensor>;
  readonly jax_reference: Record<string, GoldenTensor>;
  readonly personal_parameters?: string[];
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

it('should find the committed model(s) to check', () => {
  expect(MODEL_DIRS.length).toBeGreaterThan(0);
});

describe.each(MODEL_DIRS.map((d) => [d.split(/[\\/]/).pop() ?? d, d] as const))('committed ONNX model %s on its golden inputs', (_, dir) => {
  const golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as Golden;

  it('should reproduce every Python onnxruntime output within 1e-4 and the JAX reference within 1e-3', async () => {
    const sut = await ort.InferenceSession.create(join(dir, 'model.onnx'), { intraOpNumThreads: 1 });
    const out = await sut.run(goldenFeeds(golden.inputs));
    expect(Object.keys(golden.outputs).sort()).toEqual([...sut.outputNames].sort());
    for (const name of sut.outputNames) {
      const got = out[name].data as Float32Array;
      expect(Array.from(out[name].dims)).toEqual(golden.outputs[name].shape);
      expect(maxAbsDiff(got, golden.outputs[name].data)).toBeLessThan(1e-4);
      // JAX (XLA) sums in another order: float32 rounding at a 140 mg/dL scale
      expect(maxAbsDiff(got, golden.jax_reference[name].data)).toBeLessThan(1e-3);
    }
    await sut.release();
  });

  it('should give forecasts a personal prior exactly when the model has the personalisation head', async () => {
    const sut = await FoundationModel.load({ modelDir: dir, maxWaitMs: 0 });
    const cgm = Array.from({ length: 96 }, (_, i) => ({ c: '99504-3', t: i * 5, v: 120 + 30 * Math.sin(i / 12) }));
    const forecast = await sut.forecast(cgm, 475);
    expect(sut.hasPersonalisation).toBe(golden.personal_parameters !== undefined);
    if (golden.personal_parameters === undefined) {
      expect(forecast.personal).toBeUndefined();
    } else {
      expect(golden.personal_parameters).toEqual([...PERSONAL_PARAMETERS]);
      expect(golden.outputs[PERSONAL_OUTPUT].shape.slice(1)).toEqual([PERSONAL_PARAMETERS.length, 2]);
      expect(forecast.personal?.map((p) => p.name)).toEqual([...PERSONAL_PARAMETERS]);
      // a log-normal prior in model units: finite mean, positive SD well below the population spread's scale
      for (const p of forecast.personal ?? []) {
        expect(Number.isFinite(p.logMean)).toBe(true);
        expect(p.logSd).toBeGreaterThan(0);
        expect(p.logSd).toBeLessThan(3);
      }
    }
    await sut.close();
  });

  it('should give the same outputs row for row when a batch is split over two sessions', async () => {
    const one = await FoundationModel.load({ modelDir: dir, maxWaitMs: 0 });
    const sut = await FoundationModel.load({ modelDir: dir, maxWaitMs: 0, sessions: 2 });
    const cgm = Array.from({ length: 200 }, (_, i) => ({ c: '99504-3', t: i * 5, v: 120 + 30 * Math.sin(i / 12) }));
    const batch = Array.from({ length: 40 }, (_, i) => one.tokenizer.tokenize(cgm, 500 + 10 * i));
    const [expected, got] = [await one.runTokens(batch), await sut.runTokens(batch)];
    expect(sut.sessionCount).toBe(2);
    expect(maxAbsDiff(got.cgm, expected.cgm)).toBeLessThan(1e-4);
    expect(maxAbsDiff(got.slow, expected.slow)).toBeLessThan(1e-4);
    expect(maxAbsDiff(got.embedding, expected.embedding)).toBeLessThan(1e-4);
    if (expected.personal !== undefined) expect(maxAbsDiff(got.personal ?? [], expected.personal)).toBeLessThan(1e-4);
    await Promise.all([one.close(), sut.close()]);
  });
});
