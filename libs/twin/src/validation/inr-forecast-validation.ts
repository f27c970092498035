/**
 * The anticoagulation twin's forecast skill after a dose change (issue 13): each virtual person's log is folded once
 * in time order; at each visit where the dose changed, a fork of the twin restored from the latest checkpoint
 * (TwinEngine.restore) and given the doses of the next 7 days (the doses given: the forecast is conditioned on them)
 * forecasts the INR 3 and 7 days ahead (forecastReading), scored against held-out measurements (the person's probes),
 * beside the last-value forecast (the reading of the visit) and the linear trend of the last two readings, with the
 * coverage of the 10–90 % interval. Parameter recovery: the correlation across persons of the twin's final mean
 * log CL and log EC50 with the truth's.
 */
import { AnticoagulationComponent, ANTICOAGULATION_TWIN_SETTINGS, type AnticoagulationComponentOptions } from '../composition/anticoagulation.component';
import { forecastReading } from '../forecast/ensemble-forecast';
import { TwinEngine, type TwinSettings } from '../state/twin-engine';
import { MS_PER_MIN, type TwinEvent } from '../state/twin-event';
import { virtualInrPerson, type VirtualInrPerson } from '../virtual-patients/virtual-inr-person.generator';
import { emptyErrorSums, errorSumsSummary, type ForecastErrorSums } from './forecast-baselines';

export interface InrValidationOptions {
  readonly persons: number;
  readonly seed: string;
  readonly days?: number;
  /** The twin's settings (default ANTICOAGULATION_TWIN_SETTINGS). */
  readonly settings?: TwinSettings;
  /** Component options besides the person's ancestry and age (which the record gives). */
  readonly component?: Omit<AnticoagulationComponentOptions, 'ancestry' | 'ageYears'>;
}

export interface InrForecastScore {
  readonly daysAfter: number;
  /** 'all', 'genotype known' or 'genotype unknown'. */
  readonly group: string;
  readonly n: number;
  readonly rmse: number;
  readonly lastValueRmse: number;
  readonly trendRmse: number;
  /** Share of probes inside the forecast's 10–90 % interval. */
  readonly coverage80: number;
}

export interface InrValidationResult {
  readonly scores: readonly InrForecastScore[];
  /** Pearson correlation across persons of the final ensemble-mean log parameter with the true one. */
  readonly recovery: { readonly logCl: number; readonly logEc50: number };
  readonly doseChanges: number;
}

type Accumulator = ForecastErrorSums;

const HORIZONS_DAYS = [3, 7] as const;
const GROUPS = ['all', 'genotype known', 'genotype unknown'] as const;

export function validateInrForecasts(options: InrValidationOptions): InrValidationResult {
  const settings = options.settings ?? ANTICOAGULATION_TWIN_SETTINGS;
  const acc = new Map<string, Accumulator>();
  const key = (daysAfter: number, group: string): string => `${daysAfter}|${group}`;
  for (const d of HORIZONS_DAYS) for (const g of GROUPS) acc.set(key(d, g), emptyErrorSums());
  const estimates: { cl: number; ec50: number; trueCl: number; trueEc50: number }[] = [];
  let doseChanges = 0;
  for (let index = 0; index < options.persons; index++) {
    const person = virtualInrPerson({ index, seed: options.seed, days: options.days });
    const component = new AnticoagulationComponent({ ...options.component, ancestry: person.ancestry, ageYears: person.ageYears });
    const engine = new TwinEngine(person.patientId, component, settings);
    const origins = new Set(person.doseChangesMs);
    const group = person.genotypeKnown ? 'genotype known' : 'genotype unknown';
    for (const event of person.events) {
      engine.apply(event);
      if (event.kind !== 'observation' || !origins.has(event.timeMs)) continue;
      doseChanges++;
      scoreOrigin(person, engine, component, settings, event.timeMs, (daysAfter, s) => {
        for (const g of ['all', group]) {
          const a = acc.get(key(daysAfter, g));
          if (a === undefined) continue;
          a.n++;
          a.se += s.se;
          a.seLast += s.seLast;
          a.seTrend += s.seTrend;
          a.inside += s.inside;
        }
      });
    }
    const mean = (i: number): number => engine.ensemble.reduce((s, m) => s + m[i], 0) / engine.ensemble.length;
    estimates.push({ cl: mean(component.iTheta), ec50: mean(component.iTheta + 1), trueCl: Math.log(person.truth.parameters.clL_h), trueEc50: Math.log(person.truth.parameters.ec50MgL) });
  }
  const scores = HORIZONS_DAYS.flatMap((daysAfter) =>
    GROUPS.map((group): InrForecastScore => {
      return { daysAfter, group, ...errorSumsSummary(acc.get(key(daysAfter, group)) ?? emptyErrorSums()) };
    }),
  );
  return {
    scores,
    recovery: { logCl: pearson(estimates.map((e) => e.cl), estimates.map((e) => e.trueCl)), logEc50: pearson(estimates.map((e) => e.ec50), estimates.map((e) => e.trueEc50)) },
    doseChanges,
  };
}

type ProbeScore = { se: number; seLast: number; seTrend: number; inside: number };

function scoreOrigin(
  person: VirtualInrPerson,
  engine: TwinEngine,
  component: AnticoagulationComponent,
  settings: TwinSettings,
  originMs: number,
  record: (daysAfter: number, s: ProbeScore) => void,
): void {
  const probes = person.probes.filter((p) => p.originMs === originMs);
  if (probes.length === 0) return;
  const readings = engine.events.filter((e): e is Extract<TwinEvent, { kind: 'observation' }> => e.kind === 'observation' && e.loinc === person.loinc);
  const last = readings.at(-1);
  const before = readings.at(-2);
  if (last === undefined) return;
  const untilMs = originMs + 7 * 1440 * MS_PER_MIN;
  const ahead = person.events.filter((e) => e.kind === 'medication-dose' && e.timeMs > originMs && e.timeMs <= untilMs && !engine.hasEvent(e.id));
  const fork = TwinEngine.restore(person.patientId, component, settings, [...engine.events, ...ahead], engine.heldCheckpoints.at(-1));
  const forecast = forecastReading(fork, person.loinc, probes.map((p) => (p.timeMs - fork.currentTimeMs) / MS_PER_MIN));
  probes.forEach((probe, i) => {
    const f = forecast[i];
    const slope = before === undefined ? 0 : (last.value - before.value) / (last.timeMs - before.timeMs);
    const trend = Math.max(0.8, last.value + slope * (probe.timeMs - last.timeMs));
    record(probe.daysAfter, {
      se: (f.mean - probe.value) ** 2,
      seLast: (last.value - probe.value) ** 2,
      seTrend: (trend - probe.value) ** 2,
      inside: probe.value >= f.q10 && probe.value <= f.q90 ? 1 : 0,
    });
  });
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
