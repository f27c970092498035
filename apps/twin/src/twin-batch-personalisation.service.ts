/**
 * The twin's batch personalisation in the product: at each whole day of a T1D twin's data (over its first three
 * days) the MAP fit of @shuji/twin's `batchPersonalisationPrior` runs on the twin's log and its identified
 * parameters become a `parameter-prior` event of that log (see libs/twin/src/assimilation/batch-personalisation.ts).
 * The fit runs in the consumer's process, after the triggering event's update is published: about 1–5 s of one
 * core per person and day (docs/benchmarks.md), during which this consumer's other people wait.
 */
import { Inject, Injectable } from '@nestjs/common';
import { batchPersonalisationDue, batchPersonalisationPrior, type BatchPersonalisationOptions, type ParameterPriorEvent, type TwinEngine } from '@shuji/twin';

export const TWIN_BATCH_PERSONALISATION = Symbol('TwinBatchPersonalisation');

@Injectable()
export class TwinBatchPersonalisationService {
  constructor(
    /** null: off (the filter alone learns the parameters). */
    @Inject(TWIN_BATCH_PERSONALISATION) private readonly options: BatchPersonalisationOptions | null,
  ) {}

  /** The prior event to append to this twin's log now, or null. */
  priorEventFor(engine: TwinEngine): Promise<ParameterPriorEvent | null> {
    if (this.options === null) return Promise.resolve(null);
    const boundary = batchPersonalisationDue(engine, this.options);
    return Promise.resolve(boundary === null ? null : batchPersonalisationPrior(engine, boundary, this.options));
  }
}
