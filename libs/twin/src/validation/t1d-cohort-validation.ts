/**
 * The T1D twin validation: held-out virtual patients (drawn around the shared UVA/Padova subjects, never equal to
 * them) streamed event by event into the twin engine; on day `scoreDay` the twin's 30- and 60-min CGM
 * forecasts are scored against the readings that then arrive (RMSE, persistence RMSE, 10–90 % coverage), and
 * at the end the personal parameters' 90 % ensemble intervals are checked against the true values.
 *
 * Identifiability is decided per (patient, parameter) before the truth is looked at: with the batch
 * personalisation (the product's default), by its last fit's flags, over all 12 parameters; without, by the
 * filter's ensemble (final SD of log θ_k at most `identifiableSdRatio`, 0.7, × its prior SD), over the 4 it
 * estimates. Recovery is reported over all pairs and over the identified ones (issue 5 asks ≥ 80 % among the
 * identified).
 */
import { uvaPadovaSubjects } from '@shuji/models';
import { applyWithBatchPersonalisation, batchPersonalisationPrior, type BatchPersonalisationOptions } from '../assimilation/batch-personalisation';
import { quantile } from '@shuji/stats';
import { ObservationCodes } from '../composition/observation-codes';
import { T1dGlucoseComponent, type T1dComponentOptions } from '../composition/t1d-glucose.component';
import { forecastReading } from '../forecast/ensemble-forecast';
import { TwinEngine, type TwinSettings, DEFAULT_TWIN_SETTINGS } from '../state/twin-engine';
import type { TwinEvent } from '../state/twin-event';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';
import { cgmForecastPoints } from './cgm-forecast-points';

export interface CohortValidationOptions {
  /** Patient indices (i → around shared subject i mod 30). */
  readonly patients: readonly number[];
  readonly days?: number;
  /** Seed of the held-out cohort draw (the shared subjects are never used as patients). */
  readonly seed?: number;
  /** Score forecasts made every this many minutes of the scored day (default 15). */
  readonly forecastEveryMin?: number;
  readonly settings?: Partial<TwinSettings>;
  readonly component?: Partial<Omit<T1dComponentOptions, 'prior'>>;
  /**
   * A (patient, parameter) pair counts as identified when the final ensemble SD of log θ is at most this
   * fraction of the prior SD (default 0.7), decided before the truth is looked at.
   */
  readonly identifiableSdRatio?: number;
  /**
   * Run the twin's batch personalisation as the product does (`applyWithBatchPersonalisation`: fits 2 h after the
   * 24-h and 48-h boundaries) and at the end of the stream the fit of the last boundary (`fits`, default 3) on all
   * the data: for the validated 3 days, the product's fit at 72 h. Identification is then the fit's (Laplace SD ≤
   * 0.7 × prior), over every parameter, the consider parameters included.
   */
  readonly batchPersonalisation?: boolean | BatchPersonalisationOptions;
}

export interface HorizonScore {
  readonly horizonMin: number;
  readonly n: number;
  readonly rmse: number;
  readonly persistenceRmse: number;
  /** Fraction of readings inside the forecast's 10–90 % interval. */
  readonly coverage80: number;
}

export interface ParameterRecovery {
  readonly name: string;
  /** Fraction of patients whose true value lies in the final 5–95 % ensemble interval. */
  readonly coverage90: number;
  /** Fraction of patients for whom the data identify it (the batch fit's flag, or the ensemble SD rule). */
  readonly identifiedShare: number;
  /** Among those patients: fraction whose true value lies in the 5–95 % interval (NaN when none). */
  readonly coverage90Identified: number;
  /** Mean posterior SD / prior SD of log θ: well below 1 = the data inform it. */
  readonly shrinkage: number;
  /** Mean |posterior mean − truth| / |prior − truth| in log space (< 1: moved towards the truth). */
  readonly errorRatio: number;
  /** Mean signed posterior error (posterior mean − truth) of log θ: a systematic pull shows here. */
  readonly meanError: number;
}

export interface PatientValidation {
  readonly patientId: string;
  readonly baseSubject: string;
  readonly horizons: readonly HorizonScore[];
  readonly cpuMs: number;
}

/** Parameter recovery over all (patient, parameter) pairs. */
export interface PairRecovery {
  readonly pairs: number;
  readonly identified: number;
  /** Truth inside the 5–95 % interval, over all pairs and over the identified ones. */
  readonly coverage90: number;
  readonly coverage90Identified: number;
  /** The ensemble-SD rule's ratio (used without the batch fit). */
  readonly identifiableSdRatio: number;
}

export interface CohortValidation {
  readonly horizons: readonly HorizonScore[];
  readonly parameters: readonly ParameterRecovery[];
  readonly recovery: PairRecovery;
  readonly patients: readonly PatientValidation[];
  readonly observations: number;
  /** Batch fits that failed or did not converge (they identify nothing). */
  readonly batchFitFailures: number;
  readonly cpuMs: number;
}

const HORIZONS = [30, 60] as const;

export function validateT1dCohort(options: CohortValidationOptions): CohortValidation {
  const days = options.days ?? 3;
  const everyMin = options.forecastEveryMin ?? 15;
  const settings: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ...options.settings };
  const cgm = ObservationCodes.cgmGlucose.loinc;
  const sums = HORIZONS.map(() => ({ n: 0, se: 0, sp: 0, inside: 0 }));
  const ratio = options.identifiableSdRatio ?? 0.7;
  const paramStats: { covered: number; shrink: number; err: number; bias: number; identified: number; coveredIdentified: number }[] = [];
  const patients: PatientValidation[] = [];
  let observations = 0;
  let batchFitFailures = 0;
  const batch = options.batchPersonalisation === true ? {} : options.batchPersonalisation || undefined;
  const started = process.cpuUsage();
  for (const index of options.patients) {
    const t0 = process.cpuUsage();
    const vp = generateVirtualPatient({ index, days, seed: options.seed ?? 2026 });
    const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters;
    if (prior === undefined) throw new Error(`no shared subject ${vp.baseSubject}`);
    const component = new T1dGlucoseComponent({ ...options.component, prior });
    const engine = new TwinEngine(vp.patientId, component, settings);
    const scoreFrom = vp.truth.timeMs[0] + (days - 1) * 86_400_000;
    const mine = HORIZONS.map(() => ({ n: 0, se: 0, sp: 0, inside: 0 }));
    let identifiedByFit: ReadonlySet<string> | undefined;
    const apply = (e: TwinEvent): void => {
      if (batch === undefined) engine.apply(e);
      else {
        const fit = applyWithBatchPersonalisation(engine, e, batch);
        if (fit !== null) identifiedByFit = new Set(fit.event.parameters.map((p) => p.name));
        if (fit?.failure !== undefined) batchFitFailures++;
      }
      if (e.kind === 'observation') observations++;
    };
    for (const { reading, targets } of cgmForecastPoints(engine, vp.events, { fromMs: scoreFrom, horizonsMin: HORIZONS, everyMin, apply })) {
      const f = forecastReading(engine, cgm, HORIZONS);
      HORIZONS.forEach((_, h) => {
        const y = targets[h];
        for (const s of [sums[h], mine[h]]) {
          s.n++;
          s.se += (f[h].mean - y) ** 2;
          s.sp += (reading.value - y) ** 2;
          if (y >= f[h].q10 && y <= f[h].q90) s.inside++;
        }
      });
    }
    if (batch !== undefined) {
      // the stream ends at 72 h, just before the twin's third boundary: that fit, on all the data
      const fit = batchPersonalisationPrior(engine, { index: batch.fits ?? 3, boundaryMs: engine.currentTimeMs }, batch);
      if (!engine.apply(fit.event).changed) throw new Error(`${vp.patientId}: the final fit's prior was already in the log (fit ${batch.fits ?? 3} ran in the stream)`);
      if (fit.failure !== undefined) batchFitFailures++;
      identifiedByFit = new Set(fit.event.parameters.map((p) => p.name));
    }
    recoveredParameters(component, batch !== undefined).forEach((p, j) => {
      const values = engine.ensemble.map((m) => m[p.index]);
      const truth = Math.log(vp.trueParameters[p.name]);
      const mean = values.reduce((s, x) => s + x, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1));
      const priorMean = p.priorMean;
      const stat = (paramStats[j] ??= { covered: 0, shrink: 0, err: 0, bias: 0, identified: 0, coveredIdentified: 0 });
      const identified = identifiedByFit === undefined ? sd <= ratio * p.logSd : identifiedByFit.has(p.name);
      const covered = truth >= quantile(values, 0.05) && truth <= quantile(values, 0.95);
      if (covered) stat.covered++;
      if (identified) stat.identified++;
      if (identified && covered) stat.coveredIdentified++;
      stat.shrink += sd / p.logSd;
      stat.bias += mean - truth;
      stat.err += Math.abs(mean - truth) / Math.max(1e-3, Math.abs(priorMean - truth));
    });
    const used = process.cpuUsage(t0);
    patients.push({ patientId: vp.patientId, baseSubject: vp.baseSubject, horizons: score(mine), cpuMs: (used.user + used.system) / 1000 });
  }
  const used = process.cpuUsage(started);
  const count = options.patients.length;
  const probe = new T1dGlucoseComponent({ ...options.component, prior: uvaPadovaSubjects()[0].parameters });
  const recovered = recoveredParameters(probe, batch !== undefined);
  const total = (key: 'covered' | 'identified' | 'coveredIdentified'): number => paramStats.reduce((s, p) => s + p[key], 0);
  return {
    horizons: score(sums),
    recovery: {
      pairs: count * recovered.length,
      identified: total('identified'),
      coverage90: total('covered') / (count * recovered.length),
      coverage90Identified: total('identified') > 0 ? total('coveredIdentified') / total('identified') : Number.NaN,
      identifiableSdRatio: ratio,
    },
    parameters: recovered.map((p, j) => ({
      name: p.name,
      coverage90: paramStats[j].covered / count,
      identifiedShare: paramStats[j].identified / count,
      coverage90Identified: paramStats[j].identified > 0 ? paramStats[j].coveredIdentified / paramStats[j].identified : Number.NaN,
      shrinkage: paramStats[j].shrink / count,
      errorRatio: paramStats[j].err / count,
      meanError: paramStats[j].bias / count,
    })),
    patients,
    observations,
    batchFitFailures,
    cpuMs: (used.user + used.system) / 1000,
  };
}

interface RecoveredParameter {
  readonly name: string;
  /** Entry of the member vector (log value). */
  readonly index: number;
  readonly logSd: number;
  readonly priorMean: number;
}

/** The estimated parameters, and with the batch fit (which can identify them) the consider parameters too. */
function recoveredParameters(component: T1dGlucoseComponent, withConsidered: boolean): RecoveredParameter[] {
  const theta = component.estimated.map((p, k) => ({ name: p.name, index: component.iTheta + k, logSd: p.logSd, priorMean: component.priorOf(k).mean }));
  if (!withConsidered) return theta;
  return [
    ...theta,
    ...component.considered.map((c, m) => ({ name: c.name, index: component.iConsidered + m, logSd: c.logSd, priorMean: component.consideredPriorOf(m).mean })),
  ];
}

function score(sums: readonly { n: number; se: number; sp: number; inside: number }[]): HorizonScore[] {
  return sums.map((s, h) => ({
    horizonMin: HORIZONS[h],
    n: s.n,
    rmse: Math.sqrt(s.se / s.n),
    persistenceRmse: Math.sqrt(s.sp / s.n),
    coverage80: s.inside / s.n,
  }));
}
