import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createSessionWithFallback, parseExecutionProvider, type SessionFactory } from './execution-provider';

const MODEL = join(process.env.SHUJI_FM_TEST_MODEL_DIR ?? join(__dirname, '..', '..', '..', '..', 'models', 'shuji-fm-v2'), 'model.onnx');

class RecordingLogger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
}

describe(createSessionWithFallback.name, () => {
  it('should fall back to cpu with a warning when the requested provider cannot be created', async () => {
    const requested: string[][] = [];
    const factory: SessionFactory = (path, options) => {
      const providers = (options.executionProviders ?? []).map((p) => (typeof p === 'string' ? p : p.name));
      requested.push(providers);
      if (providers.includes('cuda')) return Promise.reject(new Error('libonnxruntime_providers_cuda.so: cannot open'));
      return ort.InferenceSession.create(path, options);
    };
    const logger = new RecordingLogger();
    const sut = await createSessionWithFallback(MODEL, { provider: 'cuda', intraOpNumThreads: 1 }, factory, logger);
    expect(sut.provider).toBe('cpu');
    expect(requested).toEqual([['cuda'], ['cpu']]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/"cuda" unavailable .*falling back to cpu/);
    await sut.session.release();
  });

  it('should use cpu directly, without a warning, when cpu is requested', async () => {
    const logger = new RecordingLogger();
    const sut = await createSessionWithFallback(MODEL, { provider: 'cpu', intraOpNumThreads: 1 }, ort.InferenceSession.create, logger);
    expect(sut.provider).toBe('cpu');
    expect(logger.warnings).toEqual([]);
    await sut.session.release();
  });

  it('should end on a working session whatever the real onnxruntime-node does with cuda on this machine', async () => {
    const logger = new RecordingLogger();
    const sut = await createSessionWithFallback(MODEL, { provider: 'cuda', intraOpNumThreads: 1 }, ort.InferenceSession.create, logger);
    expect(['cpu', 'cuda']).toContain(sut.provider);
    expect(logger.warnings.length).toBe(sut.provider === 'cpu' ? 1 : 0);
    await sut.session.release();
  });
});

describe(parseExecutionProvider.name, () => {
  it('should default to cpu and refuse an unknown provider, naming it', () => {
    expect(parseExecutionProvider(undefined)).toBe('cpu');
    expect(parseExecutionProvider(' WebGPU ')).toBe('webgpu');
    expect(() => parseExecutionProvider('tpu')).toThrow(/"tpu" is not one of cpu, webgpu, cuda/);
  });
});
