/**
 * Dynamic micro-batching: requests wait at most `maxWaitMs` (or until `maxBatch` have gathered) and then run
 * as one batch; one batch runs at a time and the next gathers meanwhile, so throughput grows with load while a
 * lone request waits no longer than maxWaitMs.
 */
export interface MicroBatcherOptions {
  readonly maxBatch: number;
  readonly maxWaitMs: number;
}

export type BatchRunner<I, O> = (items: readonly I[]) => Promise<readonly O[]>;

interface Pending<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (reason: unknown) => void;
}

export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running = false;
  /** Sizes of the batches run so far (for metrics and tests). */
  readonly batchSizes: number[] = [];

  constructor(
    private readonly run: BatchRunner<I, O>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new RangeError('maxBatch: must be a positive integer');
    if (!(options.maxWaitMs >= 0)) throw new RangeError('maxWaitMs: must be a non-negative number of milliseconds');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.options.maxWaitMs);
    });
  }

  private flushSoon(delayMs: number): void {
    if (this.running) return; // the running batch flushes again when it ends
    if (delayMs === 0) {
      // setTimeout(0) waits ≥ 1 ms in Node; a full batch goes on the next turn of the event loop instead
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        void this.flush();
      });
      return;
    }
    if (this.timer !== undefined || this.immediate !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private async flush(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.running = true;
    this.batchSizes.push(batch.length);
    try {
      const results = await this.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch runner returned ${results.length} results for ${batch.length} items`);
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.running = false;
      // whoever queued during the run has waited already
      if (this.queue.length > 0) this.flushSoon(0);
    }
  }
}
