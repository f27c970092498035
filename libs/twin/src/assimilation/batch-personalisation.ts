/**
 * The twin's batch personalisation (issue 5: "a batch personalisation … can re-anchor the filter"). At each
 * whole `everyMin` of a twin's data (default every 24 h, over its first `maxWindowMin`, default 3 days) the log up
 * to that boundary is fitted by `personaliseT1d` from the twin's own genesis (the prior's basal steady state at
 * the first event), with every UVA/Padova parameter estimated (the filter's consider parameters too), one
 * carb-count factor per logged meal integrated out, and readings around unexplained rises (unannounced meals)
 * left out. The parameters the fit identifies (Laplace SD ≤ 0.7 × prior, no |correlation| > 0.95) become a
 * `parameter-prior` event of the twin's log (id `<patient>:prior:map:<boundary ms>`), which redraws the
 * ensemble's values of exactly those parameters; the others keep the filter's spread, so a parameter the data
 * cannot identify keeps its prior uncertainty. An event with no parameters records that the fit ran and
 * identified nothing.
 *
 * The fit is a pure function of the log up to the boundary, and the event is part of the log: replays and
 * rebuilds reproduce the twin exactly.
 */
import { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import type { TwinEngine } from '../state/twin-engine';
import { MS_PER_MIN, type ParameterPriorEvent, type TwinEvent } from '../state/twin-event';
import { cgmReadings, personaliseT1d } from './t1d-map-personalisation';

export const BATCH_PERSONALISATION_SOURCE = 'batch-map';

export interface BatchPersonalisationOptions {
  /** Minutes of data between fits (default 1440). */
  readonly everyMin?: number;
  /** Fits cover the log from its first event; none is made past this many minutes of data (default 3 days). */
  readonly maxWindowMin?: number;
  /** Log SD of the carb-count error of a logged meal (default 0.15, the twin's own assumption). */
  readonly mealCarbLogSd?: number;
}

/** The boundary (epoch ms) whose fit is due for this twin now, or null. */
export function batchPersonalisationDue(engine: TwinEngine, options: BatchPersonalisationOptions = {}): number | null {
  if (!(engine.component instanceof T1dGlucoseComponent)) return null;
  const log = engine.events;
  if (log.length === 0) return null;
  const everyMs = (options.everyMin ?? 1440) * MS_PER_MIN;
  const maxMs = (options.maxWindowMin ?? 3 * 1440) * MS_PER_MIN;
  const first = log[0].timeMs;
  const boundaries = Math.floor(Math.min(engine.currentTimeMs - first, maxMs) / everyMs);
  if (boundaries < 1) return null;
  const boundary = first + boundaries * everyMs;
  return log.some((e) => e.id === batchPriorId(engine.patientId, boundary)) ? null : boundary;
}

/**
 * Fits the twin's log up to `boundaryMs` (epoch ms) and returns the `parameter-prior` event of what it identified,
 * timed just after the twin's current time (so appending it causes no rewind).
 */
export function batchPersonalisationPrior(engine: TwinEngine, boundaryMs: number, options: BatchPersonalisationOptions = {}): ParameterPriorEvent {
  const component = engine.component;
  if (!(component instanceof T1dGlucoseComponent)) throw new TypeError('batch personalisation: the twin has no T1D component');
  const log = engine.events;
  const joint = component.withAllEstimated();
  const startMin = log[0].timeMs / MS_PER_MIN;
  const start = joint.steadyMember(Float64Array.from(joint.estimated, (_, j) => joint.priorOf(j).mean), 0);
  const window = log.filter((e) => e.timeMs <= boundaryMs);
  const fit = personaliseT1d(joint, start, startMin, cgmReadings(window), engine.knownInputs(), {
    mealCarbLogSd: options.mealCarbLogSd ?? 0.15,
    maskUnexplainedRises: true,
  });
  return {
    kind: 'parameter-prior',
    id: batchPriorId(engine.patientId, boundaryMs),
    patientId: engine.patientId,
    timeMs: engine.currentTimeMs + 1,
    source: BATCH_PERSONALISATION_SOURCE,
    parameters: fit.names.flatMap((name, j) => (fit.identifiable[j] ? [{ name, logMean: fit.theta[j], logSd: fit.sd[j] }] : [])),
  };
}

function batchPriorId(patientId: string, boundaryMs: number): string {
  return `${patientId}:prior:map:${boundaryMs}`;
}

/**
 * Applies `event` to the twin and then, when a fit is due, the fit's prior: what the twin consumer does per event
 * (validations and evaluations use it to run the twin as the product does). Returns the prior applied, or null.
 */
export function applyWithBatchPersonalisation(engine: TwinEngine, event: TwinEvent, options: BatchPersonalisationOptions = {}): ParameterPriorEvent | null {
  engine.apply(event);
  const boundary = batchPersonalisationDue(engine, options);
  if (boundary === null) return null;
  const prior = batchPersonalisationPrior(engine, boundary, options);
  engine.apply(prior);
  return prior;
}
