/**
 * A session of the model, on the calling thread or in a worker thread. onnxruntime-node's `InferenceSession.run`
 * runs the graph synchronously on the JavaScript thread that calls it (its promise only defers the call with
 * setImmediate: onnxruntime-node/dist/backend.js), so two sessions in one thread run one after the other and use one
 * core between them. A `WorkerSession` holds its onnxruntime session in a `worker_threads` Worker: sessions in
 * separate workers run side by side, one core each, while the caller's event loop stays free.
 */
import { Worker } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';

export interface OutputTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface ModelSession {
  readonly outputNames: readonly string[];
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, OutputTensor>>;
  release(): Promise<void>;
}

/** An onnxruntime-node session on the calling thread (lowest latency for one forecast; blocks the thread while it runs). */
export class InThreadSession implements ModelSession {
  constructor(private readonly session: ort.InferenceSession) {}

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, ort.Tensor>): Promise<Record<string, OutputTensor>> {
    const out = await this.session.run(feeds);
    const result: Record<string, OutputTensor> = {};
    for (const [name, tensor] of Object.entries(out)) result[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
    return result;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

interface WireTensor {
  readonly type: string;
  readonly data: ArrayBufferView;
  readonly dims: readonly number[];
}

type WorkerReply =
  | { readonly type: 'ready'; readonly outputNames: string[] }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly outputs: Record<string, OutputTensor> }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/**
 * The worker's program, plain CommonJS evaluated by `new Worker(…, { eval: true })` so that it runs the same under
 * tsx, vitest and the compiled services; onnxruntime-node is required by the path the caller resolved.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ort);
const message = (e) => (e instanceof Error ? e.message : String(e));
ort.InferenceSession.create(workerData.path, workerData.options).then(
  (session) => {
    // runs not yet answered: a release waits for them (they were sent before it, and a shutdown must not lose them)
    const inFlight = new Set();
    parentPort.on('message', (m) => {
      if (m.type === 'release') {
        Promise.allSettled([...inFlight]).then(() => session.release()).then(() => parentPort.close(), () => parentPort.close());
        return;
      }
      let feeds;
      try {
        feeds = {};
        for (const name of Object.keys(m.feeds)) feeds[name] = new ort.Tensor(m.feeds[name].type, m.feeds[name].data, m.feeds[name].dims);
      } catch (e) {
        parentPort.postMessage({ type: 'error', id: m.id, message: message(e) });
        return;
      }
      const run = session.run(feeds).then(
        (out) => {
          const outputs = {};
          const transfer = [];
          for (const name of Object.keys(out)) {
            outputs[name] = { data: out[name].data, dims: out[name].dims };
            transfer.push(out[name].data.buffer);
          }
          parentPort.postMessage({ type: 'result', id: m.id, outputs }, transfer);
        },
        (e) => parentPort.postMessage({ type: 'error', id: m.id, message: message(e) }),
      );
      inFlight.add(run);
      run.finally(() => inFlight.delete(run));
    });
    parentPort.postMessage({ type: 'ready', outputNames: session.outputNames });
  },
  (e) => parentPort.postMessage({ type: 'failed', message: message(e) }),
);
`;

/** An onnxruntime-node session in its own worker thread; runs are queued in the worker in the order they were sent. */
export class WorkerSession implements ModelSession {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (o: Record<string, OutputTensor>) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<void>;
  private ended = false;

  private constructor(
    private readonly worker: Worker,
    readonly outputNames: readonly string[],
  ) {
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.ended = true;
        resolve();
      }),
    );
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type !== 'result' && reply.type !== 'error') return;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'result') waiting?.resolve(reply.outputs);
      else waiting?.reject(new Error(`FM worker session: ${reply.message}`));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('FM worker session: the worker exited')));
  }

  /** Starts a worker and creates the session in it; rejects with onnxruntime's message when the session cannot be created. */
  static create(path: string, options: ort.InferenceSession.SessionOptions): Promise<WorkerSession> {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ort: require.resolve('onnxruntime-node'), path, options } });
    return new Promise<WorkerSession>((resolve, reject) => {
      const onExit = (code: number): void => reject(new Error(`FM worker session: the worker exited (${code}) before its session was created`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (reply.type === 'ready') resolve(new WorkerSession(worker, reply.outputNames));
        else {
          void worker.terminate();
          reject(new Error(reply.type === 'failed' ? reply.message : `FM worker session: unexpected first message ${reply.type}`));
        }
      });
    });
  }

  /** Sends the feeds' buffers to the worker (copied: the caller keeps its tensors) and waits for the outputs. */
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, OutputTensor>> {
    if (this.ended) return Promise.reject(new Error('FM worker session: the worker exited (released?)'));
    const id = this.nextId++;
    const wire: Record<string, WireTensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) wire[name] = { type: tensor.type, data: tensor.data as ArrayBufferView, dims: tensor.dims };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'run', id, feeds: wire });
    });
  }

  /** Answers the runs sent before it, then releases the session and ends the worker (at once if it has ended already). */
  async release(): Promise<void> {
    this.worker.postMessage({ type: 'release' });
    await this.exited;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
