/**
 * runCohort: simulate many subjects of one model over a pool of worker threads (default: one per core),
 * in batches handed out as workers become free, with a progress callback.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Subject } from '../simulate/model-registration';
import type { Scenario } from '../simulate/scenario';
import { runCohortTask, type CohortSettings, type CohortTask, type CohortTaskResult } from './cohort-job';

export interface CohortRequest extends CohortSettings {
  readonly subjects: readonly Subject[];
  /** One scenario for all, or one per subject. */
  readonly scenario: Scenario | readonly Scenario[];
  /** Worker threads (default: available cores); 0 runs in this thread. */
  readonly workers?: number;
  /** Subjects per message (default 16). */
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface CohortResult {
  readonly results: readonly CohortTaskResult[];
  readonly wallMs: number;
}

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Workers load the TypeScript sources through tsx, with the repository's path aliases. */
function startWorker(settings: CohortSettings): Worker {
  const tsconfig = join(REPO_ROOT, 'tsconfig.json');
  const file = join(__dirname, 'cohort.worker.ts');
  const bootstrap = [
    `process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || ${JSON.stringify(tsconfig)};`,
    `require('tsx/cjs');`,
    `require(${JSON.stringify(file)});`,
  ].join('\n');
  return new Worker(bootstrap, { eval: true, workerData: settings });
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

  const batchSize = request.batchSize ?? 16;
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: workers }, () => startWorker(settings));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (next >= tasks.length) {
                resolve();
                return;
              }
              const batch = tasks.slice(next, next + batchSize);
              next += batch.length;
              worker.postMessage(batch);
            };
            worker.on('message', (message: { results?: CohortTaskResult[]; error?: string }) => {
              if (message.error !== undefined) {
                reject(new Error(`cohort worker: ${message.error}`));
                return;
              }
              for (const r of message.results ?? []) results[r.index] = r;
              done += message.results?.length ?? 0;
              onProgress?.(done, tasks.length);
              feed();
            });
            worker.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { results, wallMs: performance.now() - started };
}
