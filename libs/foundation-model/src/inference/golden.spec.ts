import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

const MODEL_DIR = process.env.SHUJI_FM_TEST_MODEL_DIR ?? join(__dirname, '..', '..', '..', '..', 'models', 'shuji-fm-v1');

interface Tensor {
  readonly shape: number[];
  readonly data: number[];
}
interface Golden {
  readonly inputs: Record<string, Tensor>;
  readonly outputs: Record<string, Tensor>;
  readonly jax_reference: Record<string, Tensor>;
}

const golden = JSON.parse(readFileSync(join(MODEL_DIR, 'golden.json'), 'utf8')) as Golden;

function feeds(): Record<string, ort.Tensor> {
  return Object.fromEntries(
    Object.entries(golden.inputs).map(([name, t]) => [
      name,
      name === 'code'
        ? new ort.Tensor('int64', BigInt64Array.from(t.data.map((x) => BigInt(x))), t.shape)
        : new ort.Tensor('float32', Float32Array.from(t.data), t.shape),
    ]),
  );
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('committed ONNX model on its golden inputs', () => {
  it('should reproduce the Python onnxruntime outputs within 1e-4 and the JAX reference within 1e-3', async () => {
    const sut = await ort.InferenceSession.create(join(MODEL_DIR, 'model.onnx'), { intraOpNumThreads: 1 });
    const out = await sut.run(feeds());
    for (const name of ['cgm_quantiles', 'slow_quantiles', 'patient_embedding']) {
      const got = out[name].data as Float32Array;
      expect(Array.from(out[name].dims)).toEqual(golden.outputs[name].shape);
      expect(maxAbsDiff(got, golden.outputs[name].data)).toBeLessThan(1e-4);
      // JAX (XLA) sums in another order: float32 rounding at a 140 mg/dL scale
      expect(maxAbsDiff(got, golden.jax_reference[name].data)).toBeLessThan(1e-3);
    }
    await sut.release();
  });
});
