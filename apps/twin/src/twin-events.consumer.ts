import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsumerGroups, Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler, EventPublisher, UnprocessableMessageError } from '@shuji/messaging';
import { TwinEventTooLateError, TwinNotFoundError, TwinService, type TwinEvent, type TwinUpdate } from '@shuji/twin';
import { mealToTwinEvent, medicationToTwinEvent, observationToTwinEvent } from './twin-event.mapper';
import { toTwinUpdated } from './twin-updated.mapper';

/**
 * Consumer group shuji-twin: observations, meals and doses in → the twin updated → TwinUpdated out.
 * TwinUpdated is idempotent by (patient, revision): a redelivered event republishes the current revision, and
 * the first event of a person in this process first republishes the revision the stores restored, because a
 * crash between the log append and the publish would otherwise leave that revision unpublished for good.
 */
@UseFilters(BusErrorFilter)
@Controller()
export class TwinEventsConsumer {
  /** People whose restored revision this process has republished (or who had no twin). */
  private readonly touched = new Set<string>();

  constructor(
    @Inject(TwinService) private readonly twins: TwinService,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

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

  private async route(event: TwinEvent | null): Promise<void> {
    if (event === null) return;
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
  }

  private async republishRestored(patientId: string): Promise<void> {
    try {
      const engine = await this.twins.get(patientId);
      const last = engine.events.at(-1);
      await this.publisher.publish(Topics.twinUpdated, toTwinUpdated({ patientId, revision: engine.revision, changed: false, eventId: last?.id ?? '', engine }));
    } catch (err) {
      if (!(err instanceof TwinNotFoundError)) throw err;
    }
    this.touched.add(patientId);
  }
}
