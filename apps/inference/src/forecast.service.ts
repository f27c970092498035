/**
 * Keeps timelines from ObservationRecorded and, on TwinUpdated, forecasts the person at their latest
 * observation with the foundation model, publishes it as ForecastPublished (once per person and twin revision:
 * a redelivered or stale TwinUpdated publishes nothing new) and serves the latest forecast per person over HTTP.
 * Times in timelines are minutes since the Unix epoch.
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { decodeMessage, fromTimestamp, ObservationRecordedSchema, Topics, TwinUpdatedSchema } from '@shuji/contracts';
import { withoutBloodGlucoseBesideCgm, type Forecast, type FoundationModel } from '@shuji/foundation-model';
import { EventPublisher } from '@shuji/messaging';
import { toForecastPublished } from './forecast-published.mapper';
import { ObservationTimelineStore } from './observation-timeline.store';

export const FOUNDATION_MODEL = Symbol('FoundationModel');

export interface PatientForecast extends Forecast {
  readonly patientId: string;
  readonly twinRevision: string;
  readonly forecastTime: string;
}

export class ForecastNotFoundError extends Error {
  constructor(readonly patientId: string) {
    super(`no forecast for patient "${patientId}" yet`);
    this.name = 'ForecastNotFoundError';
  }
}

@Injectable()
export class ForecastService implements OnApplicationShutdown {
  private readonly latest = new Map<string, PatientForecast>();
  /** Highest twin revision whose forecast was published, per person. */
  private readonly published = new Map<string, bigint>();

  constructor(
    @Inject(FOUNDATION_MODEL) private readonly model: FoundationModel,
    @Inject(ObservationTimelineStore) private readonly timelines: ObservationTimelineStore,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  /** Releases the model's sessions (worker threads) once the runs already sent have finished. */
  async onApplicationShutdown(): Promise<void> {
    await this.model.close();
  }

  onObservationRecorded(bytes: Uint8Array): void {
    const event = decodeMessage(ObservationRecordedSchema, bytes);
    const when = fromTimestamp(event.header?.effectiveTime);
    const patientId = event.header?.patientId;
    if (event.value.case !== 'numericValue' || when === undefined || !patientId || !event.code?.code) return;
    this.timelines.add(patientId, { c: event.code.code, t: when.getTime() / 60000, v: event.value.value });
  }

  async onTwinUpdated(bytes: Uint8Array): Promise<PatientForecast | undefined> {
    const event = decodeMessage(TwinUpdatedSchema, bytes);
    const patientId = event.header?.patientId;
    if (!patientId) return undefined;
    const timeline = this.timelines.timeline(patientId);
    if (timeline.length === 0) return undefined;
    const tRef = timeline[timeline.length - 1].t;
    // the FM never learnt blood glucose beside CGM (withoutBloodGlucoseBesideCgm)
    const forecast = await this.model.forecast(withoutBloodGlucoseBesideCgm(timeline), tRef);
    const result: PatientForecast = {
      ...forecast,
      patientId,
      twinRevision: event.revision.toString(),
      forecastTime: new Date(tRef * 60000).toISOString(),
    };
    const previous = this.latest.get(patientId);
    if (previous === undefined || BigInt(previous.twinRevision) <= event.revision) this.latest.set(patientId, result);
    // published before it is remembered: a failed publish is retried with the message
    if ((this.published.get(patientId) ?? -1n) < event.revision) {
      await this.publisher.publish(Topics.forecastPublished, toForecastPublished(result));
      this.published.set(patientId, event.revision);
    }
    return result;
  }

  latestFor(patientId: string): PatientForecast {
    const forecast = this.latest.get(patientId);
    if (forecast === undefined) throw new ForecastNotFoundError(patientId);
    return forecast;
  }
}
