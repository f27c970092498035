/**
 * The what-if's worker threads: a small pool per worker script, started on first use and kept for the process
 * (a worker's start — loading the bundle, compiling the model — costs more than a short what-if). Jobs queue in
 * order and go to the first free worker; a worker holds the process open only while it has a job. A worker that
 * dies fails its job and is replaced on the next one.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Threads a what-if uses unless told: the machine's cores, at most 4 (jobs of one run are few). */
export const DEFAULT_WHAT_IF_THREADS = Math.min(4, availableParallelism());

export interface WhatIfWorkerRequest {
  readonly id: number;
  readonly job: unknown;
}

export type WhatIfWorkerReply = { readonly id: number; readonly result: unknown; readonly error?: undefined } | { readonly id: number; readonly error: string };

interface Queued {
  readonly id: number;
  readonly job: unknown;
  readonly signal?: AbortSignal;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

class WhatIfWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Queued>();
  private readonly queue: Queued[] = [];
  private nextId = 0;

  constructor(
    private readonly file: string,
    private readonly threads: number,
  ) {}

  /** Queues `job`; if `signal` is aborted before a worker takes it, it is dropped (rejected) instead of run. */
  run(job: unknown, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, signal, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    for (const [, task] of this.busy) task.reject(new Error('what-if worker pool closed'));
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (head.signal?.aborted === true) {
        this.queue.shift();
        head.reject(new Error('what-if job dropped: its run was cancelled'));
        continue;
      }
      const worker = this.idle.pop() ?? (this.idle.length + this.busy.size < this.threads ? this.start() : undefined);
      if (worker === undefined) return;
      const task = this.queue.shift() as Queued;
      this.busy.set(worker, task);
      worker.ref();
      const request: WhatIfWorkerRequest = { id: task.id, job: task.job };
      worker.postMessage(request);
    }
  }

  private start(): Worker {
    const worker = new Worker(this.file);
    worker.on('message', (reply: WhatIfWorkerReply) => {
      const task = this.busy.get(worker);
      if (task === undefined || task.id !== reply.id) return;
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (reply.error !== undefined) task.reject(new Error(`what-if worker: ${reply.error}`));
      else task.resolve(reply.result);
      this.dispatch();
    });
    const fail = (error: Error): void => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      task?.reject(error);
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`what-if worker exited (code ${code})`)));
    return worker;
  }
}

const pools = new Map<string, WhatIfWorkerPool>();

/** The process's pool for `file` with `threads` workers. */
export function whatIfWorkerPool(file: string, threads: number): Pick<WhatIfWorkerPool, 'run'> {
  const key = `${threads}|${file}`;
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = new WhatIfWorkerPool(file, threads);
    pools.set(key, pool);
  }
  return pool;
}

/** Stops every what-if worker (an app's shutdown); the next run starts new ones. */
export async function closeWhatIfWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
