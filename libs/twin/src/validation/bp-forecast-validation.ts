/**
 * The blood-pressure twin's forecast skill after a drug start or a titration (issue 13): for each virtual person and
 * each origin (the morning of the first tablet, or of the first doubled one), the twin restored from the log up to
 * the origin (TwinEngine.restore), given the prescription ahead (its dose events applied: what the prescriber knows),
 * forecasts every systolic reading of the next 60 days (forecastReading); scored against those readings, beside the
 * last-value forecast (the last reading before the origin) and with the coverage of the 10–90 % interval.
 */
import { BLOOD_PRESSURE_TWIN_SETTINGS, BloodPressureComponent } from '../composition/blood-pressure.component';
import { ObservationCodes } from '../composition/observation-codes';
import { forecastReading } from '../forecast/ensemble-forecast';
import { TwinEngine, type TwinSettings } from '../state/twin-engine';
import { MS_PER_MIN } from '../state/twin-event';
import { BP_DOSE_MINUTE_OF_DAY, virtualBpPerson, type VirtualBpPerson } from '../virtual-patients/virtual-bp-person.generator';

export interface BpValidationOptions {
  readonly persons: number;
  readonly seed: string;
  /** Days of the life (default 140), the drug start (default 30) and the doubling (default 75). */
  readonly days?: number;
  readonly startDay?: number;
  readonly titrationDay?: number;
  /** The twin's settings (default BLOOD_PRESSURE_TWIN_SETTINGS). */
  readonly settings?: TwinSettings;
}

export interface BpForecastScore {
  readonly origin: 'start' | 'titration';
  readonly n: number;
  readonly rmse: number;
  readonly lastValueRmse: number;
  /** Share of readings inside the forecast's 10–90 % interval. */
  readonly coverage80: number;
}

const HORIZON_MIN = 60 * 1440;

interface Accumulator {
  n: number;
  se: number;
  seLast: number;
  inside: number;
}

/** Scores the twin on `persons` virtual people; one score per origin kind. */
export function validateBloodPressureForecasts(options: BpValidationOptions): BpForecastScore[] {
  const days = options.days ?? 140;
  const startDay = options.startDay ?? 30;
  const titrationDay = options.titrationDay ?? 75;
  const scores: Record<'start' | 'titration', Accumulator> = { start: { n: 0, se: 0, seLast: 0, inside: 0 }, titration: { n: 0, se: 0, seLast: 0, inside: 0 } };
  for (let index = 0; index < options.persons; index++) {
    const person = virtualBpPerson({ index, seed: options.seed, days, startDay, titrationDay });
    const component = new BloodPressureComponent({ setting: person.setting });
    const settings = options.settings ?? BLOOD_PRESSURE_TWIN_SETTINGS;
    for (const [origin, day] of [['start', startDay], ['titration', titrationDay]] as const) {
      scoreOrigin(person, component, settings, person.dayZeroMs + (day * 1440 + BP_DOSE_MINUTE_OF_DAY) * MS_PER_MIN, scores[origin]);
    }
  }
  return (['start', 'titration'] as const).map((origin) => {
    const s = scores[origin];
    return { origin, n: s.n, rmse: Math.sqrt(s.se / s.n), lastValueRmse: Math.sqrt(s.seLast / s.n), coverage80: s.inside / s.n };
  });
}

function scoreOrigin(person: VirtualBpPerson, component: BloodPressureComponent, settings: TwinSettings, originMs: number, into: Accumulator): void {
  const sbp = ObservationCodes.systolicBp.loinc;
  const past = person.events.filter((e) => e.timeMs <= originMs);
  const engine = TwinEngine.restore(person.patientId, component, settings, past, undefined);
  for (const e of person.events) if (e.kind === 'medication-dose' && e.timeMs > originMs && e.timeMs <= originMs + HORIZON_MIN * MS_PER_MIN) engine.apply(e);
  const lastValue = past.filter((e) => e.kind === 'observation' && e.loinc === sbp).at(-1);
  const future = person.events.filter((e) => e.kind === 'observation' && e.loinc === sbp && e.timeMs > originMs && e.timeMs <= originMs + HORIZON_MIN * MS_PER_MIN);
  if (lastValue?.kind !== 'observation' || future.length === 0) return;
  const forecast = forecastReading(engine, sbp, future.map((e) => (e.timeMs - engine.currentTimeMs) / MS_PER_MIN));
  future.forEach((e, i) => {
    if (e.kind !== 'observation') return;
    const f = forecast[i];
    into.n++;
    into.se += (f.mean - e.value) ** 2;
    into.seLast += (lastValue.value - e.value) ** 2;
    if (e.value >= f.q10 && e.value <= f.q90) into.inside++;
  });
}
