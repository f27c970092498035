import { Worker } from 'node:worker_threads';

export interface WorkerPoolRun<Job, Reply extends { readonly error?: string }> {
  /** The worker script (see workerThreadFile) and the data every worker starts with. */
  readonly file: string;
  readonly workerData: unknown;
  readonly threads: number;
  /** Names the pool in errors, e.g. "cohort worker". */
  readonly label: string;
  /** The next message for a free worker; undefined when there is nothing more to hand out. */
  readonly next: () => Job | undefined;
  /** Takes a worker's reply; the worker gets its next job once this has settled. A throw or rejection ends the run. */
  readonly onReply: (reply: Reply) => void | Promise<void>;
}

/**
 * Starts `threads` workers and hands each the next job as it becomes free, until `next` has none left; a reply with
 * `error` or a worker's crash rejects. The workers are terminated either way. The cohort runner and the population's
 * shard runner both use it: one place for the hand-out loop.
 */
export async function runOnWorkerPool<Job, Reply extends { readonly error?: string }>(run: WorkerPoolRun<Job, Reply>): Promise<void> {
  const pool = Array.from({ length: run.threads }, () => new Worker(run.file, { workerData: run.workerData }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              const job = run.next();
              if (job === undefined) resolve();
              else worker.postMessage(job);
            };
            worker.on('message', (reply: Reply) => {
              if (reply.error !== undefined) {
                reject(new Error(`${run.label}: ${reply.error}`));
                return;
              }
              try {
                const handled = run.onReply(reply);
                if (handled instanceof Promise) handled.then(feed, reject);
                else feed();
              } catch (error) {
                reject(error);
              }
            });
            worker.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
