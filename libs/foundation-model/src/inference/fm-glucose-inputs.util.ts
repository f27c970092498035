/**
 * Which blood-glucose readings the foundation model is fed. Every corpus T1D person the FM learnt glucose from wore
 * CGM and never had a blood-glucose (2339-0) reading: in training/data/corpus.jsonl the code occurs only in 20
 * Synthea persons' labs, never beside CGM. Fed beside CGM (the twin's capillary fingersticks are mapped to 2339-0), it is
 * an input the FM never learnt, and it costs the shipped v2 6–8 % RMSE at 2 h on the hybrid's patients
 * (models/shuji-fm-v3/README.md, "Why v3 lost on the hybrid's patients: the fingersticks"). So a timeline with CGM
 * loses its 2339-0 readings; one without CGM keeps them: 2339-0 is in the FM's vocabulary, learnt from exactly such
 * persons (labs without CGM), and they are then the person's only glucose readings (docs/decisions.md, 2026-12-05).
 */
import { OBSERVATION_CODES, type TimelineObservation } from '../corpus/observation-codes';

/** The timeline as the FM should read it: without blood-glucose readings when it holds any CGM reading. */
export function withoutBloodGlucoseBesideCgm(timeline: readonly TimelineObservation[]): TimelineObservation[] {
  if (!timeline.some((o) => o.c === OBSERVATION_CODES.cgm)) return [...timeline];
  return timeline.filter((o) => o.c !== OBSERVATION_CODES.glucose);
}
