import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGoldenFeeds } from './golden-feeds';
import { InThreadSession, WorkerSession } from './model-session';

const DIR = process.env.SHUJI_FM_TEST_MODEL_DIR ?? join(__dirname, '..', '..', '..', '..', 'models', 'shuji-fm-v3');
const OPTIONS: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' };

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
    const feeds = readGoldenFeeds(DIR);
    const [got, expected] = [await sut.run(feeds), await reference.run(feeds)];
    expect([...sut.outputNames].sort()).toEqual([...reference.outputNames].sort());
    for (const name of reference.outputNames) {
      expect(got[name].dims).toEqual(expected[name].dims);
      expect(Array.from(got[name].data)).toEqual(Array.from(expected[name].data));
    }
  });

  it('should leave the caller its feeds and answer runs sent together each with its own outputs', async () => {
    const feeds = readGoldenFeeds(DIR);
    const before = Array.from(feeds.values.data as Float32Array);
    const single = await reference.run(feeds);
    const [a, b] = await Promise.all([sut.run(feeds), sut.run(feeds)]);
    expect(Array.from(feeds.values.data as Float32Array)).toEqual(before);
    expect(Array.from(a.cgm_quantiles.data)).toEqual(Array.from(single.cgm_quantiles.data));
    expect(Array.from(b.cgm_quantiles.data)).toEqual(Array.from(single.cgm_quantiles.data));
  });

  it('should leave the calling thread free while the model runs (a session on the calling thread blocks it)', async () => {
    const feeds = readGoldenFeeds(DIR);
    const rows = feeds.code.dims[0];
    // the golden rows repeated to a batch long enough (≥ 1,000 rows) that the run spans many turns of the event loop
    const repeat = Math.ceil(1024 / rows);
    const big = Object.fromEntries(
      Object.entries(feeds).map(([name, t]) => {
        const data = t.data as Float32Array | BigInt64Array;
        const out = new (data.constructor as new (n: number) => Float32Array | BigInt64Array)(data.length * repeat);
        for (let r = 0; r < repeat; r++) out.set(data as never, r * data.length);
        return [name, new ort.Tensor(t.type as 'float32', out as Float32Array, [rows * repeat, ...t.dims.slice(1)])];
      }),
    );
    const ticksDuring = async (session: InThreadSession | WorkerSession): Promise<number> => {
      let ticks = 0;
      let done = false;
      const tick = (): void => {
        if (done) return;
        ticks++;
        setImmediate(tick);
      };
      setImmediate(tick);
      await session.run(big);
      done = true;
      return ticks;
    };
    expect(await ticksDuring(reference)).toBeLessThanOrEqual(2);
    expect(await ticksDuring(sut)).toBeGreaterThan(10);
  });

  it("should reject a run with onnxruntime's message and keep serving the next one", async () => {
    const feeds = readGoldenFeeds(DIR);
    const { code: _dropped, ...missing } = feeds;
    await expect(sut.run(missing)).rejects.toThrow(/FM worker session: .*code/);
    const after = await sut.run(feeds);
    expect(after.cgm_quantiles.data.length).toBeGreaterThan(0);
  });

  it('should end its worker on release, and a second release or a later run should not hang', async () => {
    const other = await WorkerSession.create(join(DIR, 'model.onnx'), OPTIONS);
    await other.release();
    await other.release();
    await expect(other.run(readGoldenFeeds(DIR))).rejects.toThrow(/worker (exited|session)/);
  });

  it('should answer the runs sent before a release, then end its worker (a shutdown loses no forecast in flight)', async () => {
    const other = await WorkerSession.create(join(DIR, 'model.onnx'), OPTIONS);
    const feeds = readGoldenFeeds(DIR);
    const expected = Array.from((await reference.run(feeds)).cgm_quantiles.data);
    const runs = [other.run(feeds), other.run(feeds), other.run(feeds)];
    await other.release();
    for (const r of await Promise.all(runs)) expect(Array.from(r.cgm_quantiles.data)).toEqual(expected);
    await expect(other.run(feeds)).rejects.toThrow(/worker exited/);
  });

  it('should reject the creation of a session on a file that is not a model, naming the cause', async () => {
    await expect(WorkerSession.create(join(DIR, 'tokenizer.json'), OPTIONS)).rejects.toThrow(/protobuf|parsing|load model/i);
  });
});
