import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsumerGroups, Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler, EventPublisher } from '@shuji/messaging';
import { TwinService, type TwinEvent } from '@shuji/twin';
import { mealToTwinEvent, medicationToTwinEvent, observationToTwinEvent } from './twin-event.mapper';
import { toTwinUpdated } from './twin-updated.mapper';

/** Consumer group shuji-twin: observations, meals and doses in → the twin updated → TwinUpdated out. */
@UseFilters(BusErrorFilter)
@Controller()
export class TwinEventsConsumer {
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
    const update = await this.twins.handle(event);
    if (update.revision === 0) return; // not a twin's event: this person has no twin and this does not start one
    await this.publisher.publish(Topics.twinUpdated, toTwinUpdated(update));
  }
}
