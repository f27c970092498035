/**
 * A twin's event log as the foundation model's timeline: the FM was trained on CGM (99504-3), lab/meter blood
 * glucose (2339-0), carbohydrate intake (9059-7) and insulin boluses (shuji:insulin-bolus), with times in
 * minutes. A capillary fingerstick (41653-7) is a blood-glucose reading to the FM, fed only to a person without CGM:
 * beside CGM the FM never saw one (withoutBloodGlucoseBesideCgm, with the finding it cites). Basal rates are not in
 * its vocabulary (its corpus had patient-default basal throughout) and are left out. Other observation codes pass
 * through unchanged: the tokeniser ignores codes it does not know. Every path that feeds the FM from twin events
 * (the hybrid, the personalisation head, the evaluations) goes through here.
 */
import { OBSERVATION_CODES, withoutBloodGlucoseBesideCgm, type TimelineObservation } from '@shuji/foundation-model';
import { MS_PER_MIN, ObservationCodes, type TwinEvent } from '@shuji/twin';


/** Times become minutes since the Unix epoch (the FM reads only differences to the forecast time). */
export function twinEventsToTimeline(events: readonly TwinEvent[]): TimelineObservation[] {
  const out: TimelineObservation[] = [];
  for (const e of events) {
    const t = e.timeMs / MS_PER_MIN;
    switch (e.kind) {
      case 'observation':
        out.push({ c: e.loinc === ObservationCodes.capillaryGlucose.loinc ? OBSERVATION_CODES.glucose : e.loinc, t, v: e.value });
        break;
      case 'meal':
        out.push({ c: OBSERVATION_CODES.carbs, t, v: e.carbsG });
        break;
      case 'insulin-bolus':
        out.push({ c: OBSERVATION_CODES.bolus, t, v: e.units });
        break;
      case 'basal-rate':
      case 'parameter-prior': // the twin's own inference, not data
        break;
    }
  }
  return withoutBloodGlucoseBesideCgm(out);
}
