/**
 * Settings of the inference service, read once and validated; a bad value fails the start with its name.
 * SHUJI_FM_MODEL_DIR (default models/shuji-fm-v2, relative to the working directory like SHUJI_DATA_DIR), SHUJI_FM_PROVIDER (cpu | webgpu | cuda; default cpu),
 * SHUJI_FM_THREADS (intra-op threads, default 1: one batch at a time per core), SHUJI_FM_MAX_BATCH (256),
 * SHUJI_FM_MAX_WAIT_MS (2), SHUJI_INFERENCE_PORT (3002).
 */
import { resolve } from 'node:path';
import { parseExecutionProvider, type ExecutionProviderName } from '@shuji/foundation-model';

export interface InferenceConfig {
  readonly modelDir: string;
  readonly provider: ExecutionProviderName;
  readonly threads: number;
  readonly maxBatch: number;
  readonly maxWaitMs: number;
  readonly port: number;
}

export const INFERENCE_CONFIG = Symbol('InferenceConfig');

export function loadInferenceConfig(env: Readonly<Record<string, string | undefined>> = process.env): InferenceConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}: must be an integer in [${min}, ${max}], got "${raw}"`);
      return fallback;
    }
    return value;
  };
  let provider: ExecutionProviderName = 'cpu';
  try {
    provider = parseExecutionProvider(env.SHUJI_FM_PROVIDER);
  } catch (error) {
    problems.push(`SHUJI_FM_PROVIDER: ${(error as Error).message}`);
  }
  const config: InferenceConfig = {
    modelDir: resolve(env.SHUJI_FM_MODEL_DIR ?? 'models/shuji-fm-v2'),
    provider,
    threads: int('SHUJI_FM_THREADS', 1, 1, 64),
    maxBatch: int('SHUJI_FM_MAX_BATCH', 256, 1, 4096),
    maxWaitMs: int('SHUJI_FM_MAX_WAIT_MS', 2, 0, 1000),
    port: int('SHUJI_INFERENCE_PORT', 3002, 1, 65535),
  };
  if (problems.length > 0) throw new Error(`invalid inference configuration:\n${problems.join('\n')}`);
  return config;
}
