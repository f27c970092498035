/**
 * Runs tasks one after another per key and concurrently across keys. A consumer of several topics keyed alike (a
 * person's meals, doses and readings) gets the messages of one key concurrently from the bus; chaining them keeps each
 * key's effects in arrival order. A failed task does not stop its key's chain: the bus retries or dead-letters that
 * message itself.
 */
export class PerKeyChain {
  /** The tail of each key's chain (removed when the chain drains). */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after every task queued before for `key`; settles as the task does. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Keys with a task queued or running. */
  get pendingKeys(): number {
    return this.tails.size;
  }
}
