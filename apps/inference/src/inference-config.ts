/**
 * The inference service's settings, taken from the one validated configuration of @shuji/config (SHUJI_FM_*,
 * SHUJI_INFERENCE_PORT): the model folder is resolved against the working directory like SHUJI_DATA_DIR.
 */
import { resolve } from 'node:path';
import type { FmProviderName, ShujiConfig } from '@shuji/config';

export interface InferenceConfig {
  readonly modelDir: string;
  readonly provider: FmProviderName;
  readonly threads: number;
  readonly sessions: number;
  readonly maxBatch: number;
  readonly maxWaitMs: number;
  readonly port: number;
}

export function inferenceConfigFrom(config: ShujiConfig): InferenceConfig {
  return {
    modelDir: resolve(config.SHUJI_FM_MODEL_DIR),
    provider: config.SHUJI_FM_PROVIDER,
    threads: config.SHUJI_FM_THREADS,
    sessions: config.SHUJI_FM_SESSIONS,
    maxBatch: config.SHUJI_FM_MAX_BATCH,
    maxWaitMs: config.SHUJI_FM_MAX_WAIT_MS,
    port: config.SHUJI_INFERENCE_PORT,
  };
}
