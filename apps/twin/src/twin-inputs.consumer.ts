import { Controller, Inject, Logger, Optional, UseFilters, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsumerGroups, Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler, EventPublisher, onPartitionsAssigned, PerKeyChain, UnprocessableMessageError } from '@shuji/messaging';
import { ShujiMetrics } from '@shuji/observability';
import { TwinEventTooLateError, TwinService, TwinUpdateRelay, type ParameterPriorSource, type TwinEvent, type TwinUpdate } from '@shuji/twin';
import { consentToTwinEvent, mealToTwinEvent, medicationScheduleToTwinEvent, medicationToTwinEvent, observationToTwinEvent } from './twin-event.mapper';
import { TwinBatchPersonalisationService } from './twin-batch-personalisation.service';
import { TwinPersonalisationService } from './twin-personalisation.service';
import { TwinUpdateFeed } from './twin-update.feed';
import { toTwinUpdated } from './twin-updated.mapper';

/**
 * Consumer group shuji-twin: the twin's inputs (observations, meals, doses) in, TwinUpdated out. It routes: a person's
 * events from the three topics are chained per person (PerKeyChain), each handled by the TwinUpdateRelay of
 * @shuji/twin; a rebalance of the group drops the held twins; an event older than the twin keeps checkpoints for is
 * unprocessable (dead-lettered at once).
 */
@UseFilters(BusErrorFilter)
@Controller()
export class TwinInputsConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly chain = new PerKeyChain();
  private readonly relay: TwinUpdateRelay;
  private stopListening: (() => void) | undefined;
  private readonly logger = new Logger(TwinInputsConsumer.name);

  constructor(
    @Inject(TwinService) twins: TwinService,
    @Inject(EventPublisher) publisher: EventPublisher,
    @Optional() @Inject(TwinPersonalisationService) personalisation?: TwinPersonalisationService,
    @Optional() @Inject(TwinBatchPersonalisationService) batch?: TwinBatchPersonalisationService,
    @Optional() @Inject(TwinUpdateFeed) feed?: TwinUpdateFeed,
    @Optional() @Inject(ShujiMetrics) private readonly metrics?: ShujiMetrics,
  ) {
    const sources: ParameterPriorSource[] = [personalisation, batch].filter((s): s is NonNullable<typeof s> => s !== undefined);
    const publish = async (update: TwinUpdate): Promise<void> => {
      await publisher.publish(Topics.twinUpdated, toTwinUpdated(update));
      feed?.emit({ patientId: update.patientId, revision: update.revision });
    };
    this.relay = new TwinUpdateRelay(twins, publish, sources, (m) => this.logger.warn(m));
  }

  onModuleInit(): void {
    this.stopListening = onPartitionsAssigned(ConsumerGroups.twin, () => this.forgetHeldTwins());
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  /** Kafka calls this between batches (no event of this member is being handled during a group join). */
  forgetHeldTwins(): void {
    this.relay.forgetHeldTwins();
  }

  @BusHandler(Topics.observationRecorded, { group: ConsumerGroups.twin })
  onObservation(@Payload() value: Buffer): Promise<void> {
    return this.route(observationToTwinEvent(value));
  }

  @BusHandler(Topics.consentChanged, { group: ConsumerGroups.twin })
  onConsent(@Payload() value: Buffer): Promise<void> {
    return this.route(consentToTwinEvent(value));
  }

  @BusHandler(Topics.mealLogged, { group: ConsumerGroups.twin })
  onMeal(@Payload() value: Buffer): Promise<void> {
    return this.route(mealToTwinEvent(value));
  }

  @BusHandler(Topics.medicationAdministered, { group: ConsumerGroups.twin })
  onMedication(@Payload() value: Buffer): Promise<void> {
    return this.route(medicationToTwinEvent(value));
  }

  @BusHandler(Topics.medicationScheduled, { group: ConsumerGroups.twin })
  onMedicationSchedule(@Payload() value: Buffer): Promise<void> {
    return this.route(medicationScheduleToTwinEvent(value));
  }

  private route(event: TwinEvent | null): Promise<void> {
    if (event === null) return Promise.resolve();
    return this.chain.run(event.patientId, async () => {
      try {
        if (this.metrics === undefined) await this.relay.handle(event);
        else await this.metrics.time(this.metrics.twinUpdateDuration, () => this.relay.handle(event));
      } catch (err) {
        // retrying cannot help: the event is older than the twin keeps checkpoints for
        if (err instanceof TwinEventTooLateError) throw new UnprocessableMessageError(err.message, err.code);
        throw err;
      }
    });
  }
}
