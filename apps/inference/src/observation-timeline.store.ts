/**
 * Each person's recent numeric observations, in memory: what the tokeniser can use (the last 120 days of
 * events, the last hours of CGM), capped per person. A restarted service rebuilds it from the topic.
 */
import { Injectable } from '@nestjs/common';
import type { TimelineObservation } from '@shuji/foundation-model';

const MAX_PER_PERSON = 4096;

@Injectable()
export class ObservationTimelineStore {
  private readonly timelines = new Map<string, TimelineObservation[]>();

  add(patientId: string, observation: TimelineObservation): void {
    let timeline = this.timelines.get(patientId);
    if (timeline === undefined) {
      timeline = [];
      this.timelines.set(patientId, timeline);
    }
    // events mostly arrive in time order; insert late ones in place
    let i = timeline.length;
    while (i > 0 && timeline[i - 1].t > observation.t) i--;
    timeline.splice(i, 0, observation);
    if (timeline.length > MAX_PER_PERSON) timeline.splice(0, timeline.length - MAX_PER_PERSON);
  }

  timeline(patientId: string): readonly TimelineObservation[] {
    return this.timelines.get(patientId) ?? [];
  }
}
