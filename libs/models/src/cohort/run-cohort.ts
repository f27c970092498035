/**
 * runCohort: simulate many subjects of one model over a pool of worker threads (default: one per core),
 * in batches handed out as workers become free, with a progress callback. Workers run plain JavaScript
 * (see cohort-worker-file): no TypeScript loading per worker.
 */
import { availableParallelism } from 'node:os';
import type { Subject } from '../simulate/model-registration';
import type { Scenario } from '../simulate/scenario';
import { cohortWorkerFile } from './cohort-worker-file';
import { runOnWorkerPool } from './worker-pool';
import { runCohortTask, type CohortSettings, type CohortTask, type CohortTaskResult } from './cohort-job';

export interface CohortRequest extends CohortSettings {
  readonly subjects: readonly Subject[];
  /** One scenario for all, or one per subject. */
  readonly scenario: Scenario | readonly Scenario[];
  /** Worker threads (default: available cores); 0 runs in this thread. */
  readonly workers?: number;
  /** Subjects per message (default 64: fewer messages, at most one batch of imbalance at the end). */
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface CohortResult {
  readonly results: readonly CohortTaskResult[];
  readonly wallMs: number;
}

export async function runCohort(request: CohortRequest): Promise<CohortResult> {
  const started = performance.now();
  const { subjects, scenario, onProgress } = request;
  const settings: CohortSettings = {
    modelId: request.modelId,
    everyMin: request.everyMin,
    outputs: request.outputs,
    method: request.method,
    rtol: request.rtol,
    atol: request.atol,
  };
  const scenarioOf = (i: number): Scenario => {
    if (!Array.isArray(scenario)) return scenario as Scenario;
    const s = (scenario as readonly Scenario[])[i];
    if (s === undefined) throw new RangeError(`scenario: no scenario for subject ${i}`);
    return s;
  };
  const tasks: CohortTask[] = subjects.map((subject, index) => ({ index, subject, scenario: scenarioOf(index) }));
  const results = new Array<CohortTaskResult>(tasks.length);
  const workers = Math.min(request.workers ?? availableParallelism(), tasks.length);

  if (workers <= 0) {
    tasks.forEach((task, k) => {
      results[task.index] = runCohortTask(settings, task);
      onProgress?.(k + 1, tasks.length);
    });
    return { results, wallMs: performance.now() - started };
  }

  const batchSize = request.batchSize ?? 64;
  let next = 0;
  let done = 0;
  await runOnWorkerPool<CohortTask[], { results?: CohortTaskResult[]; error?: string }>({
    file: await cohortWorkerFile(),
    workerData: settings,
    threads: workers,
    label: 'cohort worker',
    next: () => {
      if (next >= tasks.length) return undefined;
      const batch = tasks.slice(next, next + batchSize);
      next += batch.length;
      return batch;
    },
    onReply: (message) => {
      for (const r of message.results ?? []) results[r.index] = r;
      done += message.results?.length ?? 0;
      onProgress?.(done, tasks.length);
    },
  });
  return { results, wallMs: performance.now() - started };
}
