import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InThreadSession, WorkerSession } from './model-session';

const DIR = process.env.SHUJI_FM_TEST_MODEL_DIR ?? join(__dirname, '..', '..', '..', '..', 'models', 'shuji-fm-v3');
const OPTIONS: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' };

interface GoldenTensor {
  readonly shape: number[];
  readonly data: number[];
}

function goldenFeeds(): Record<string, ort.Tensor> {
  const golden = JSON.parse(readFileSync(join(DIR, 'golden.json'), 'utf8')) as { inputs: Record<string, GoldenTensor> };
  return Object.fromEntries(
    Object.entries(golden.inputs).map(([name, t]) => [
      name,
      name === 'code'
        ? new ort.Tensor('int64', BigInt64Array.from(t.data.map((x) => BigInt(x))), t.shape)
        : new ort.Tensor('float32', Float32Array.from(t.data), t.shape),
    ]),
  );
}

describe(WorkerSession.name, () => {
  let sut: WorkerSession;
  let reference: InThreadSession;

  beforeAll(async () => {
    sut = await WorkerSession.create(join(DIR, 'model.onnx'), OPTIONS);
    reference = new InThreadSession(await ort.InferenceSession.create(join(DIR, 'model.onnx'), OPTIONS));
  });

  afterAll(async () => {
    await Promise.all([sut.release(), reference.release()]);
  });

  it('should return exactly the outputs of the same session on the calling thread', async () => {
    const feeds = goldenFeeds();
    const [got, expected] = [await sut.run(feeds), await reference.run(feeds)];
    expect([...sut.outputNames].sort()).toEqual([...reference.outputNames].sort());
    for (const name of reference.outputNames) {
      expect(got[name].dims).toEqual(expected[name].dims);
      expect(Array.from(got[name].data)).toEqual(Array.from(expected[name].data));
    }
  });

  it('should leave the caller its feeds and answer runs sent together each with its own outputs', async () => {
    const feeds = goldenFeeds();
    const before = Array.from(feeds.values.data as Float32Array);
    const single = await reference.run(feeds);
    const [a, b] = await Promise.all([sut.run(feeds), sut.run(feeds)]);
    expect(Array.from(feeds.values.data as Float32Array)).toEqual(before);
    expect(Array.from(a.cgm_quantiles.data)).toEqual(Array.from(single.cgm_quantiles.data));
    expect(Array.from(b.cgm_quantiles.data)).toEqual(Array.from(single.cgm_quantiles.data));
  });

  it("should reject a run with onnxruntime's message and keep serving the next one", async () => {
    const feeds = goldenFeeds();
    const { code: _dropped, ...missing } = feeds;
    await expect(sut.run(missing)).rejects.toThrow(/FM worker session: .*code/);
    const after = await sut.run(feeds);
    expect(after.cgm_quantiles.data.length).toBeGreaterThan(0);
  });

  it('should reject the creation of a session on a file that is not a model, naming the cause', async () => {
    await expect(WorkerSession.create(join(DIR, 'tokenizer.json'), OPTIONS)).rejects.toThrow(/protobuf|parsing|load model/i);
  });
});
