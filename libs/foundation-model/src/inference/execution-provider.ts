/**
 * Execution provider by configuration: `cpu` (default); `webgpu` (built into onnxruntime-node through Dawn)
 * or `cuda` (needs the CUDA provider libraries next to onnxruntime). A session that cannot be created with the
 * requested provider is created on CPU instead, with a logged warning, so a service never fails for want of a GPU.
 */
import type { InferenceSession } from 'onnxruntime-node';

export type ExecutionProviderName = 'cpu' | 'webgpu' | 'cuda';
export const EXECUTION_PROVIDERS: readonly ExecutionProviderName[] = ['cpu', 'webgpu', 'cuda'];

export function parseExecutionProvider(text: string | undefined): ExecutionProviderName {
  const value = (text ?? 'cpu').trim().toLowerCase();
  if (!(EXECUTION_PROVIDERS as readonly string[]).includes(value)) {
    throw new RangeError(`execution provider: "${text}" is not one of ${EXECUTION_PROVIDERS.join(', ')}`);
  }
  return value as ExecutionProviderName;
}

export interface SessionSettings {
  readonly provider: ExecutionProviderName;
  /** Threads for one operator; the default 1 suits a service that runs one batch at a time per core. */
  readonly intraOpNumThreads: number;
}

/** Creates a session: onnxruntime-node's `InferenceSession.create`, or a session in a worker thread (`WorkerSession.create`). */
export type SessionFactory<S = InferenceSession> = (path: string, options: InferenceSession.SessionOptions) => Promise<S>;

export interface WarningLogger {
  warn(message: string): void;
}

export interface CreatedSession<S = InferenceSession> {
  readonly session: S;
  /** The provider the session actually runs on. */
  readonly provider: ExecutionProviderName;
}

export async function createSessionWithFallback<S = InferenceSession>(
  path: string,
  settings: SessionSettings,
  factory: SessionFactory<S>,
  logger: WarningLogger,
): Promise<CreatedSession<S>> {
  const base: InferenceSession.SessionOptions = {
    intraOpNumThreads: settings.intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  if (settings.provider !== 'cpu') {
    try {
      const session = await factory(path, { ...base, executionProviders: [settings.provider] });
      return { session, provider: settings.provider };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      logger.warn(`execution provider "${settings.provider}" unavailable (${reason}); falling back to cpu`);
    }
  }
  const session = await factory(path, { ...base, executionProviders: ['cpu'] });
  return { session, provider: 'cpu' };
}
