/**
 * The twin's batch personalisation in the product: 2 h after each whole day of a T1D twin's data (its first three
 * days, counted from its first CGM reading) the MAP fit of @shuji/twin's `batchPersonalisationPrior` runs on the
 * twin's log and its identified parameters become a `parameter-prior` event of that log
 * (libs/twin/src/assimilation/batch-personalisation.ts). The fit runs synchronously in the consumer's process,
 * after the triggering event's update is published, so this consumer's other people wait for the fit (its cost, which
 * grows with the days it reads: docs/benchmarks.md, bench:batch-personalisation). A fit that
 * fails still appends its (empty) event, so it is not retried on every later event; the failure is logged without
 * the person.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { batchPersonalisationDue, batchPersonalisationPrior, type BatchPersonalisationOptions, type ParameterPriorEvent, type TwinEngine } from '@shuji/twin';

export const TWIN_BATCH_PERSONALISATION = Symbol('TwinBatchPersonalisation');

@Injectable()
export class TwinBatchPersonalisationService {
  private readonly logger = new Logger(TwinBatchPersonalisationService.name);

  constructor(
    /** null: off (the filter alone carries the parameters). */
    @Inject(TWIN_BATCH_PERSONALISATION) private readonly options: BatchPersonalisationOptions | null,
  ) {}

  /** The prior event to append to this twin's log now, or null. */
  priorEventFor(engine: TwinEngine): ParameterPriorEvent | null {
    if (this.options === null) return null;
    const due = batchPersonalisationDue(engine, this.options);
    if (due === null) return null;
    const { event, failure } = batchPersonalisationPrior(engine, due, this.options);
    if (failure !== undefined) this.logger.warn(`batch personalisation fit ${due.index} identified nothing: ${failure}`);
    return event;
  }
}
