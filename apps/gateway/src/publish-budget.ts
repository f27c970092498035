import { TransientInfrastructureError } from '@shuji/messaging';

/**
 * Back-pressure at the edge: a bound on the observations the gateway has accepted for the bus but the broker has
 * not yet acknowledged. Beyond it a request is refused with TransientInfrastructureError, which the HTTP edge
 * answers 503 with Retry-After (TransientHttpInterceptor), so a slow broker costs clients a wait, never the
 * gateway unbounded memory.
 */
export class PublishBudget {
  private inFlight = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit <= 0) throw new RangeError(`PublishBudget: "limit" must be a positive integer, got ${limit}`);
  }

  /** Runs `publish` holding `observations` of the budget; refuses at once when they do not fit (a request larger than the limit fits alone). */
  async run<T>(observations: number, publish: () => Promise<T>): Promise<T> {
    if (this.inFlight > 0 && this.inFlight + observations > this.limit) {
      throw new TransientInfrastructureError(`the message bus is behind: ${this.inFlight} observations await its acknowledgement (limit ${this.limit})`);
    }
    this.inFlight += observations;
    try {
      return await publish();
    } finally {
      this.inFlight -= observations;
    }
  }

  get pending(): number {
    return this.inFlight;
  }
}
