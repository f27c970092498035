/**
 * The twin's batch personalisation (issue 5: "a batch personalisation … can re-anchor the filter"). At each
 * whole `everyMin` after the twin's first CGM reading (default every 24 h, `fits` times, default 3: its first
 * three days), `graceMin` (2 h) after that boundary, the log up to the boundary is fitted by `personaliseT1d`
 * from the twin's own genesis (the prior's basal steady state at the first event), with every UVA/Padova
 * parameter estimated (the filter's consider parameters too), one carb-count factor per logged meal marginalised
 * (the θ block of the joint covariance), and readings around unexplained rises (unannounced meals) left out. The
 * parameters the fit identifies (Laplace SD ≤ 0.7 × prior, no |correlation| > 0.95) become a `parameter-prior`
 * event of the twin's log (id `<patient>:prior:map:<fit number>`, just after the boundary), which redraws the
 * ensemble's values of exactly those parameters; the others keep the filter's spread, so a parameter the data
 * cannot identify keeps its prior uncertainty. An event with no parameters records that the fit ran and
 * identified nothing.
 *
 * The fit reads the log up to the boundary as it stands when the fit runs, and the event is part of the log, so
 * replays and rebuilds reproduce the twin exactly. An event from before the boundary that arrives more than
 * `graceMin` late is applied before the prior on replay as any late event is, but the prior keeps the parameters
 * it was fitted with: like the personalisation head's prior, it records what the twin knew then. The event carries
 * the identified parameters' means, SDs and correlations (the θ block of the fit's covariance, meal factors
 * marginalised), and the members are redrawn jointly from them. When the head's prior and a fit's name the same
 * parameter, the later event in the log wins.
 */
import type { TwinEngine } from '../state/twin-engine';
import { correlationMatrixProblem, MS_PER_MIN, type ParameterPriorEvent, type TwinEvent } from '../state/twin-event';
import { cgmReadings, personaliseT1d, type PersonalisationOptions } from './t1d-map-personalisation';

export const BATCH_PERSONALISATION_SOURCE = 'batch-map';

/**
 * How the batch fit runs `personaliseT1d`: from the person's basal steady state, one carb-count factor per logged
 * meal (log-SD 0.15, the twin's assumption), readings around unexplained rises masked, up to 50 iterations (a
 * one-day fit of 12 parameters and its meals' factors can take ~25 in a flat valley). The data weight is the
 * residuals' own, with no further calibration divisor: the Laplace intervals already cover as the ensemble's do, and a
 * divisor bought little coverage for many fewer identified parameters (figures: docs/validation.md).
 */
export const BATCH_FIT_OPTIONS = {
  startAtSteadyState: true,
  mealCarbLogSd: 0.15,
  maskUnexplainedRises: true,
  maxIterations: 50,
} as const satisfies PersonalisationOptions;

export interface BatchPersonalisationOptions {
  /** Minutes of data between fits (default 1440). */
  readonly everyMin?: number;
  /** How many fits, at 1…n × `everyMin` after the twin's first CGM reading (default 3: the first three days). */
  readonly fits?: number;
  /**
   * Minutes after a boundary before its fit runs (default 120), so that readings and logs from before the boundary
   * that travel late (a meal logged after the readings it explains) are in the log the fit reads.
   */
  readonly graceMin?: number;
  /** Log SD of the carb-count error of a logged meal (default 0.15, the twin's own assumption). */
  readonly mealCarbLogSd?: number;
}

/** A fit that is due: its number (1, 2, …) and its boundary (epoch ms): the fit reads the log up to there. */
export interface DueFit {
  readonly index: number;
  readonly boundaryMs: number;
}

export interface BatchPersonalisationResult {
  readonly event: ParameterPriorEvent;
  /** Why the fit identified nothing whatever the data: it failed or did not converge (the event names no parameter). */
  readonly failure?: string;
}

function validatedOptions(options: BatchPersonalisationOptions): Required<Omit<BatchPersonalisationOptions, 'mealCarbLogSd'>> {
  const everyMin = options.everyMin ?? 1440;
  const fits = options.fits ?? 3;
  const graceMin = options.graceMin ?? 120;
  if (!(everyMin > 0)) throw new RangeError('batchPersonalisation.everyMin: must be positive');
  if (!(Number.isInteger(fits) && fits >= 0)) throw new RangeError('batchPersonalisation.fits: must be a non-negative integer');
  if (!(graceMin >= 0 && graceMin < everyMin)) throw new RangeError('batchPersonalisation.graceMin: must be in [0, everyMin)');
  return { everyMin, fits, graceMin };
}

/**
 * The fit due for this twin now, or null. Fit d is due from `graceMin` after its boundary (first CGM reading +
 * d × `everyMin`) until the next boundary or the end of the twin's out-of-order window, whichever comes first,
 * once (its event id is `<patient>:prior:map:<d>`): a twin that was away for a day skips that day's fit rather
 * than refitting old data later.
 */
export function batchPersonalisationDue(engine: TwinEngine, options: BatchPersonalisationOptions = {}): DueFit | null {
  if (engine.component.withAllEstimated === undefined) return null;
  const { everyMin, fits, graceMin } = validatedOptions(options);
  const cgm = engine.component.explains[0].loinc;
  const first = engine.events.find((e) => e.kind === 'observation' && e.loinc === cgm);
  if (first === undefined) return null;
  const index = Math.floor((engine.currentTimeMs - first.timeMs) / (everyMin * MS_PER_MIN));
  if (index < 1 || index > fits) return null;
  const boundaryMs = first.timeMs + index * everyMin * MS_PER_MIN;
  const sinceMs = engine.currentTimeMs - boundaryMs;
  // not before the grace period, and not once the prior (just after the boundary) would be older than the twin
  // takes late events
  if (sinceMs < graceMin * MS_PER_MIN || sinceMs >= engine.settings.outOfOrderWindowMin * MS_PER_MIN) return null;
  return engine.hasEvent(batchPriorId(engine.patientId, index)) ? null : { index, boundaryMs };
}

/**
 * Fits the twin's log up to the boundary and returns the `parameter-prior` event of what it identified, timed just
 * after the boundary (the twin rewinds to there, less than `everyMin` and its out-of-order window back, and
 * replays). A fit that throws (an integration failure at a trial point) or does not converge identifies nothing:
 * the event names no parameter and `failure` says why, so the twin goes on with the filter's spread and the fit is
 * not retried.
 */
export function batchPersonalisationPrior(engine: TwinEngine, due: DueFit, options: BatchPersonalisationOptions = {}): BatchPersonalisationResult {
  const component = engine.component;
  if (component.withAllEstimated === undefined) throw new TypeError(`batch personalisation: the twin's component ${component.id} has none`);
  const event = (parameters: ParameterPriorEvent['parameters'], correlation?: readonly number[]): ParameterPriorEvent => ({
    kind: 'parameter-prior',
    id: batchPriorId(engine.patientId, due.index),
    patientId: engine.patientId,
    timeMs: due.boundaryMs + 1,
    source: BATCH_PERSONALISATION_SOURCE,
    parameters,
    ...(correlation === undefined ? {} : { correlation }),
  });
  const log = engine.events;
  // from the twin's genesis: the basal steady state at its first event
  const startMin = log[0].timeMs / MS_PER_MIN;
  const window = log.filter((e) => e.timeMs <= due.boundaryMs);
  try {
    const joint = component.withAllEstimated();
    const start = joint.steadyMember(Float64Array.from(joint.estimated, (_, j) => joint.priorOf(j).mean), 0);
    const fit = personaliseT1d(joint, start, startMin, cgmReadings(window), engine.knownInputs(), {
      ...BATCH_FIT_OPTIONS,
      mealCarbLogSd: options.mealCarbLogSd ?? BATCH_FIT_OPTIONS.mealCarbLogSd,
    });
    if (!fit.converged) return { event: event([]), failure: `the fit did not converge in ${fit.iterations} iterations` };
    const identified = fit.names.flatMap((_, j) => (fit.identifiable[j] ? [j] : []));
    const k = fit.names.length;
    const parameters = identified.map((j) => ({ name: fit.names[j], logMean: fit.theta[j], logSd: fit.sd[j] }));
    // the identified block of the fit's correlation, so the redraw keeps how the parameters trade off; a block that
    // rounding has left short of a correlation matrix (parameters near collinear) is redrawn independently instead
    const block = identified.flatMap((a) => identified.map((b) => fit.correlation[a * k + b]));
    const correlated = identified.length > 1 && correlationMatrixProblem(block, identified.length) === undefined;
    return { event: event(parameters, correlated ? block : undefined) };
  } catch (err) {
    return { event: event([]), failure: err instanceof Error ? err.message : String(err) };
  }
}

function batchPriorId(patientId: string, index: number): string {
  return `${patientId}:prior:map:${index}`;
}

/**
 * Applies `event` to the twin and then, when a fit is due, the fit's prior: what the twin consumer does per event
 * (validations and evaluations use it to run the twin as the product does). Returns the fit's result, or null.
 */
export function applyWithBatchPersonalisation(
  engine: TwinEngine,
  event: TwinEvent,
  options: BatchPersonalisationOptions = {},
): BatchPersonalisationResult | null {
  engine.apply(event);
  const due = batchPersonalisationDue(engine, options);
  if (due === null) return null;
  const result = batchPersonalisationPrior(engine, due, options);
  engine.apply(result.event);
  return result;
}
