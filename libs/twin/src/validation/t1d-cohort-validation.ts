/**
 * The T1D twin validation: held-out virtual patients (drawn around the shared UVA/Padova subjects, never equal to
 * them) streamed event by event into the twin engine; on day `scoreDay` the twin's 30- and 60-min CGM
 * forecasts are scored against the readings that then arrive (RMSE, persistence RMSE, 10–90 % coverage), and
 * at the end the personal parameters' 90 % ensemble intervals are checked against the true values.
 */
import { uvaPadovaSubjects } from '@shuji/models';
import { ensembleMean, quantile } from '../assimilation/ensemble-kalman-filter';
import { cgmReadings, personaliseT1d } from '../assimilation/t1d-map-personalisation';
import { ObservationCodes } from '../composition/observation-codes';
import { T1dGlucoseComponent, type T1dComponentOptions } from '../composition/t1d-glucose.component';
import { forecastReading } from '../forecast/ensemble-forecast';
import { TwinEngine, type TwinSettings, DEFAULT_TWIN_SETTINGS } from '../state/twin-engine';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';

export interface CohortValidationOptions {
  /** Patient indices (i → around shared subject i mod 30). */
  readonly patients: readonly number[];
  readonly days?: number;
  /** Seed of the held-out cohort draw (the shared subjects are never used as patients). */
  readonly seed?: number;
  /** Score forecasts made every k-th CGM reading of the scored day (default 3: every 15 min). */
  readonly forecastEvery?: number;
  readonly settings?: Partial<TwinSettings>;
  readonly component?: Partial<Omit<T1dComponentOptions, 'prior'>>;
  /** Also run the batch MAP personalisation over the last day (from the filter's mean state at its start). */
  readonly personalise?: boolean;
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
  /** Mean posterior SD / prior SD of log θ: well below 1 = the data inform it. */
  readonly shrinkage: number;
  /** Mean |posterior mean − truth| / |prior − truth| in log space (< 1: moved towards the truth). */
  readonly errorRatio: number;
}

/** The batch MAP fit over the last day, across patients. */
export interface MapRecovery {
  readonly name: string;
  /** Fraction of patients for whom the fit flags the parameter identifiable. */
  readonly identifiedShare: number;
  /** Among those: fraction whose true value lies in θ̂ ± 1.645·SD (Laplace 90 % interval). */
  readonly coverage90: number;
  /** Mean |θ̂ − truth| / |prior − truth| among those. */
  readonly errorRatio: number;
}

export interface PatientValidation {
  readonly patientId: string;
  readonly baseSubject: string;
  readonly horizons: readonly HorizonScore[];
  readonly cpuMs: number;
}

export interface CohortValidation {
  readonly horizons: readonly HorizonScore[];
  readonly parameters: readonly ParameterRecovery[];
  readonly map?: readonly MapRecovery[];
  readonly patients: readonly PatientValidation[];
  readonly observations: number;
  readonly cpuMs: number;
}

const HORIZONS = [30, 60] as const;

export function validateT1dCohort(options: CohortValidationOptions): CohortValidation {
  const days = options.days ?? 3;
  const every = options.forecastEvery ?? 3;
  const settings: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ...options.settings };
  const cgm = ObservationCodes.cgmGlucose.loinc;
  const sums = HORIZONS.map(() => ({ n: 0, se: 0, sp: 0, inside: 0 }));
  const paramStats: { covered: number; shrink: number; err: number }[] = [];
  const mapStats: { identified: number; covered: number; err: number }[] = [];
  const patients: PatientValidation[] = [];
  let observations = 0;
  const started = process.cpuUsage();
  for (const index of options.patients) {
    const t0 = process.cpuUsage();
    const vp = generateVirtualPatient({ index, days, seed: options.seed ?? 2026 });
    const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters;
    if (prior === undefined) throw new Error(`no shared subject ${vp.baseSubject}`);
    const component = new T1dGlucoseComponent({ ...options.component, prior });
    const engine = new TwinEngine(vp.patientId, component, settings);
    const readings = new Map<number, number>();
    for (const e of vp.events) if (e.kind === 'observation' && e.loinc === cgm) readings.set(e.timeMs, e.value);
    const scoreFrom = vp.truth.timeMs[0] + (days - 1) * 86_400_000;
    const mine = HORIZONS.map(() => ({ n: 0, se: 0, sp: 0, inside: 0 }));
    let k = 0;
    let lastDayStart: { member: Float64Array; tMin: number } | undefined;
    for (const e of vp.events) {
      engine.apply(e);
      if (options.personalise === true && lastDayStart === undefined && e.timeMs >= scoreFrom) {
        lastDayStart = { member: ensembleMean(engine.ensemble), tMin: engine.currentTimeMs / 60_000 };
      }
      if (e.kind !== 'observation') continue;
      observations++;
      if (e.loinc !== cgm || e.timeMs < scoreFrom || k++ % every !== 0) continue;
      const targets = HORIZONS.map((h) => readings.get(e.timeMs + h * 60_000));
      if (targets.some((y) => y === undefined)) continue;
      const f = forecastReading(engine, cgm, HORIZONS);
      HORIZONS.forEach((_, h) => {
        const y = targets[h] as number;
        for (const s of [sums[h], mine[h]]) {
          s.n++;
          s.se += (f[h].mean - y) ** 2;
          s.sp += (e.value - y) ** 2;
          if (y >= f[h].q10 && y <= f[h].q90) s.inside++;
        }
      });
    }
    component.estimated.forEach((p, j) => {
      const values = engine.ensemble.map((m) => m[component.iTheta + j]);
      const truth = Math.log(vp.trueParameters[p.name]);
      const mean = values.reduce((s, x) => s + x, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1));
      const priorMean = component.priorOf(j).mean;
      const stat = (paramStats[j] ??= { covered: 0, shrink: 0, err: 0 });
      if (truth >= quantile(values, 0.05) && truth <= quantile(values, 0.95)) stat.covered++;
      stat.shrink += sd / p.logSd;
      stat.err += Math.abs(mean - truth) / Math.max(1e-3, Math.abs(priorMean - truth));
    });
    if (lastDayStart !== undefined) {
      const day = engine.events.filter((e) => e.timeMs >= scoreFrom);
      const fit = personaliseT1d(component, lastDayStart.member, lastDayStart.tMin, cgmReadings(day), engine.knownInputs());
      component.estimated.forEach((p, j) => {
        const stat = (mapStats[j] ??= { identified: 0, covered: 0, err: 0 });
        if (!fit.identifiable[j]) return;
        const truth = Math.log(vp.trueParameters[p.name]);
        stat.identified++;
        if (Math.abs(fit.theta[j] - truth) <= 1.645 * fit.sd[j]) stat.covered++;
        stat.err += Math.abs(fit.theta[j] - truth) / Math.max(1e-3, Math.abs(component.priorOf(j).mean - truth));
      });
    }
    const used = process.cpuUsage(t0);
    patients.push({ patientId: vp.patientId, baseSubject: vp.baseSubject, horizons: score(mine), cpuMs: (used.user + used.system) / 1000 });
  }
  const used = process.cpuUsage(started);
  const count = options.patients.length;
  const estimated = new T1dGlucoseComponent({ ...options.component, prior: uvaPadovaSubjects()[0].parameters }).estimated;
  return {
    horizons: score(sums),
    parameters: estimated.map((p, j) => ({
      name: p.name,
      coverage90: paramStats[j].covered / count,
      shrinkage: paramStats[j].shrink / count,
      errorRatio: paramStats[j].err / count,
    })),
    map:
      options.personalise === true
        ? estimated.map((p, j) => {
            const m = mapStats[j] ?? { identified: 0, covered: 0, err: 0 };
            return {
              name: p.name,
              identifiedShare: m.identified / count,
              coverage90: m.identified > 0 ? m.covered / m.identified : Number.NaN,
              errorRatio: m.identified > 0 ? m.err / m.identified : Number.NaN,
            };
          })
        : undefined,
    patients,
    observations,
    cpuMs: (used.user + used.system) / 1000,
  };
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
