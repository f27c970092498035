import { Controller, Inject, Logger, Optional, UseFilters, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsumerGroups, Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler, EventPublisher, onPartitionsAssigned, UnprocessableMessageError } from '@shuji/messaging';
import { TwinEventTooLateError, TwinNotFoundError, TwinService, type TwinEvent, type TwinUpdate } from '@shuji/twin';
import { mealToTwinEvent, medicationToTwinEvent, observationToTwinEvent } from './twin-event.mapper';
import { TwinBatchPersonalisationService } from './twin-batch-personalisation.service';
import { TwinPersonalisationService } from './twin-personalisation.service';
import { toTwinUpdated } from './twin-updated.mapper';

/**
 * Consumer group shuji-twin: observations, meals and doses in → the twin updated → TwinUpdated out.
 * TwinUpdated is idempotent by (patient, revision): a redelivered event republishes the current revision, and
 * the first event of a person in this process first republishes the revision the stores restored, because a
 * crash between the log append and the publish would otherwise leave that revision unpublished for good.
 * A person's meals, doses and readings come from three topics that the bus consumes concurrently; their
 * handling is chained per person, so each event's update is published with its own revision.
 * After a rebalance of the group the held twins are dropped: a partition that was away may have been advanced by
 * another member, so its people are rebuilt from the stores (and their restored revision republished).
 */
@UseFilters(BusErrorFilter)
@Controller()
export class TwinEventsConsumer implements OnModuleInit, OnModuleDestroy {
  /** People whose restored revision this process has republished (or who had no twin). */
  private readonly touched = new Set<string>();
  /** The tail of each person's chain of events being handled (removed when the chain drains). */
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopListening: (() => void) | undefined;
  private readonly logger = new Logger(TwinEventsConsumer.name);

  constructor(
    @Inject(TwinService) private readonly twins: TwinService,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Optional() @Inject(TwinPersonalisationService) private readonly personalisation?: TwinPersonalisationService,
    @Optional() @Inject(TwinBatchPersonalisationService) private readonly batch?: TwinBatchPersonalisationService,
  ) {}

  onModuleInit(): void {
    this.stopListening = onPartitionsAssigned(ConsumerGroups.twin, () => this.forgetHeldTwins());
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  /** Kafka calls this between batches (no event of this member is being handled during a group join). */
  forgetHeldTwins(): void {
    this.twins.forgetAll();
    this.touched.clear();
  }

  @BusHandler(Topics.observationRecorded, { group: ConsumerGroups.twin })
  onObservation(@Payload() value: Buffer): Promise<void> {
    return this.route(observationToTwinEvent(value));
  }

  @BusHandler(Topics.mealLogged, { group: ConsumerGroups.twin })
  onMeal(@Payload() value: Buffer): Promise<void> {
    return this.route(mealToTwinEvent(value));
  }

  @BusHandler(Topics.medicationAdministered, { group: ConsumerGroups.twin })
  onMedication(@Payload() value: Buffer): Promise<void> {
    return this.route(medicationToTwinEvent(value));
  }

  private route(event: TwinEvent | null): Promise<void> {
    if (event === null) return Promise.resolve();
    const id = event.patientId;
    const previous = this.inFlight.get(id) ?? Promise.resolve();
    const next = previous.then(() => this.apply(event));
    // the chain goes on after a failure (the bus retries or dead-letters the failed event itself)
    const tail = next.catch(() => undefined);
    this.inFlight.set(id, tail);
    void tail.then(() => {
      if (this.inFlight.get(id) === tail) this.inFlight.delete(id);
    });
    return next;
  }

  private async apply(event: TwinEvent): Promise<void> {
    if (!this.touched.has(event.patientId)) await this.republishRestored(event.patientId);
    let update: TwinUpdate;
    try {
      update = await this.twins.handle(event);
    } catch (err) {
      // retrying cannot help: the event is older than the twin keeps checkpoints for
      if (err instanceof TwinEventTooLateError) throw new UnprocessableMessageError(err.message, err.code);
      throw err;
    }
    if (update.revision === 0) return; // not a twin's event: this person has no twin and this does not start one
    await this.publisher.publish(Topics.twinUpdated, toTwinUpdated(update));
    // the personalisation head's prior, then the batch fit's. The triggering event is stored and published: a prior
    // that fails (or a crash before it is stored) only delays it to the person's next event, never fails this one
    for (const source of [this.personalisation, this.batch]) {
      try {
        const prior = await source?.priorEventFor(update.engine);
        if (prior) await this.publisher.publish(Topics.twinUpdated, toTwinUpdated(await this.twins.handle(prior)));
      } catch (err) {
        this.logger.warn(`a derived parameter prior was not applied (retried at the person's next event): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private async republishRestored(patientId: string): Promise<void> {
    try {
      // held, so that the event handled next does not restore the twin a second time
      const engine = await this.twins.getHeld(patientId);
      const last = engine.events.at(-1);
      await this.publisher.publish(Topics.twinUpdated, toTwinUpdated({ patientId, revision: engine.revision, changed: false, eventId: last?.id ?? '', engine }));
    } catch (err) {
      if (!(err instanceof TwinNotFoundError)) throw err;
    }
    this.touched.add(patientId);
  }
}
