import type { TwinEngine } from './twin-engine';
import type { ParameterPriorEvent, TwinEvent } from './twin-event';
import { TwinNotFoundError, type TwinService, type TwinUpdate } from './twin.service';

/** Derives a parameter prior for the twin when one is due (the FM's personalisation head, the batch fit). */
export interface ParameterPriorSource {
  priorEventFor(engine: TwinEngine): Promise<ParameterPriorEvent | null> | ParameterPriorEvent | null;
}

/**
 * What the owner of a person's partition does per event: applies it, publishes the update, then the priors derived
 * from it. Updates are idempotent by (patient, revision): a redelivered event republishes the current revision, and
 * the first event of a person in this process first republishes the revision the stores restored, because a crash
 * between the log append and the publish would otherwise leave that revision unpublished for good. A prior that fails
 * (or a crash before it is stored) only delays it to the person's next event, never fails this one.
 */
export class TwinUpdateRelay {
  /** People whose restored revision this process has republished (or who had no twin). */
  private readonly touched = new Set<string>();

  constructor(
    private readonly twins: TwinService,
    private readonly publish: (update: TwinUpdate) => Promise<void>,
    private readonly priorSources: readonly ParameterPriorSource[],
    private readonly warn: (message: string) => void,
  ) {}

  /** After a rebalance: the held twins may have been advanced by another member, so they are rebuilt from the stores. */
  forgetHeldTwins(): void {
    this.twins.forgetAll();
    this.touched.clear();
  }

  /** Applies one event (throws what TwinService.handle throws, e.g. TwinEventTooLateError). */
  async handle(event: TwinEvent): Promise<void> {
    if (!this.touched.has(event.patientId)) await this.republishRestored(event.patientId);
    const update = await this.twins.handle(event);
    if (update.engine === null) return; // not a twin's event: this person has no twin and this does not start one
    await this.publish(update);
    for (const source of this.priorSources) {
      try {
        const prior = await source.priorEventFor(update.engine);
        if (prior === null) continue;
        const applied = await this.twins.handle(prior);
        if (applied.engine !== null) await this.publish(applied);
      } catch (err) {
        this.warn(`a derived parameter prior was not applied (retried at the person's next event): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private async republishRestored(patientId: string): Promise<void> {
    try {
      // held, so that the event handled next does not restore the twin a second time
      const engine = await this.twins.getHeld(patientId);
      const last = engine.events.at(-1);
      await this.publish({ patientId, revision: engine.revision, changed: false, eventId: last?.id ?? '', engine });
    } catch (err) {
      if (!(err instanceof TwinNotFoundError)) throw err;
    }
    this.touched.add(patientId);
  }
}
