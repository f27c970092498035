/**
 * The inputs of a model's golden.json (written by training/export_onnx.py) as onnxruntime-node tensors: `code` as
 * int64, the rest float32. For the tests that compare a graph's outputs with the stored ones or with another graph.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

export interface GoldenTensor {
  readonly shape: number[];
  readonly data: number[];
}

export function goldenFeeds(inputs: Record<string, GoldenTensor>): Record<string, ort.Tensor> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, t]) => [
      name,
      name === 'code'
        ? new ort.Tensor('int64', BigInt64Array.from(t.data.map((x) => BigInt(x))), t.shape)
        : new ort.Tensor('float32', Float32Array.from(t.data), t.shape),
    ]),
  );
}

/** The golden inputs of the model in `modelDir`. */
export function readGoldenFeeds(modelDir: string): Record<string, ort.Tensor> {
  return goldenFeeds((JSON.parse(readFileSync(join(modelDir, 'golden.json'), 'utf8')) as { inputs: Record<string, GoldenTensor> }).inputs);
}
