import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readGoldenFeeds } from './golden-feeds';

const MODELS = join(__dirname, '..', '..', '..', '..', 'models');
// every committed int8 model (models/<name>-int8, written by training/quantise.py) beside its float source
const INT8_DIRS = readdirSync(MODELS)
  .filter((m) => m.endsWith('-int8') && existsSync(join(MODELS, m.replace(/-int8$/, ''), 'golden.json')))
  .map((m) => join(MODELS, m));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.each(INT8_DIRS)('int8 model %s', (dir) => {
  it('should stay within a few units of its float source on the golden inputs, as training/quantise.py measured', async () => {
    const floatDir = dir.replace(/-int8$/, '');
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { golden_max_abs_diff: Record<string, number> };
    const feeds = readGoldenFeeds(floatDir);
    const options = { intraOpNumThreads: 1, interOpNumThreads: 1 };
    const [float, int8] = await Promise.all([floatDir, dir].map((d) => ort.InferenceSession.create(join(d, 'model.onnx'), options)));
    const [a, b] = [await float.run(feeds), await int8.run(feeds)];
    expect([...int8.outputNames].sort()).toEqual([...float.outputNames].sort());
    expect(readFileSync(join(dir, 'tokenizer.json'), 'utf8')).toBe(readFileSync(join(floatDir, 'tokenizer.json'), 'utf8'));
    for (const name of float.outputNames) {
      const diff = maxAbsDiff(b[name].data as Float32Array, a[name].data as Float32Array);
      // really quantised (not the float graph copied), and no further from float than Python's onnxruntime found
      expect(diff, name).toBeGreaterThan(0);
      expect(diff, name).toBeLessThanOrEqual(1.5 * metrics.golden_max_abs_diff[name] + 1e-3);
    }
    await Promise.all([float.release(), int8.release()]);
  });
});
