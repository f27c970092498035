/**
 * The body-weight twin's forecast skill on virtual adults (weight-virtual-person.ts): each person's weighings are
 * folded event by event through the real TwinEngine; at each origin the ensemble forecast (forecastReading) of the
 * weighing `horizonDays` after the last one is scored against a fresh weighing of the truth then, beside the
 * last-value forecast (the last weighing). Coverage is of the 10–90 % interval.
 */
import { seededRandom } from '@shuji/stats';
import { BodyWeightComponent, type BodyWeightComponentOptions } from '../composition/body-weight.component';
import { ObservationCodes } from '../composition/observation-codes';
import { forecastReading } from '../forecast/ensemble-forecast';
import { DEFAULT_TWIN_SETTINGS, TwinEngine, type TwinSettings } from '../state/twin-engine';
import { MS_PER_MIN, type TwinEvent } from '../state/twin-event';
import { cohortTimeMs, weightVirtualPeople, WEIGHT_COHORT_EPOCH_MS, type WeightVirtualPerson } from '../virtual-patients/weight-virtual-person';

export interface WeightForecastScore {
  readonly n: number;
  readonly rmse: number;
  readonly lastValueRmse: number;
  /** Share of target weighings inside the forecast's 10–90 % interval. */
  readonly coverage80: number;
  readonly meanWidth80: number;
}

export interface BodyWeightValidation {
  readonly people: number;
  /** People whose intake changed (dieters), and those whose did not. */
  readonly changed: WeightForecastScore;
  readonly unchanged: WeightForecastScore;
}

export interface BodyWeightValidationOptions {
  readonly seed: string;
  readonly people: number;
  readonly days?: number;
  readonly originDays?: readonly number[];
  readonly horizonDays?: number;
  readonly ensembleSize?: number;
  /** Component options other than the person's traits (intake process, noise), e.g. for tuning. */
  readonly component?: Omit<BodyWeightComponentOptions, 'person'>;
  /** Whether the twin is told sex, age and height (default true); the weight and, unless logged, PAL never. */
  readonly traitsKnown?: boolean;
  /** Engine settings (default BODY_WEIGHT_TWIN_SETTINGS). */
  readonly settings?: TwinSettings;
}

/** The weighing twin's settings: a gap of up to 60 days is integrated (one ODE chunk per day costs well under a ms). */
export const BODY_WEIGHT_TWIN_SETTINGS: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, maxGapMin: 60 * 1440 };

interface Scored {
  readonly changed: boolean;
  readonly error: number;
  readonly lastValueError: number;
  readonly covered: boolean;
  readonly width: number;
}

/** The person's events: weighings, and when the person logs activity, the baseline level at day 0 and the change. */
export function weightEvents(person: WeightVirtualPerson): TwinEvent[] {
  const patientId = person.id;
  const weighings: TwinEvent[] = person.weighings.map((w, k) => ({
    kind: 'observation',
    id: `w${k}`,
    patientId,
    timeMs: cohortTimeMs(w.day),
    loinc: ObservationCodes.bodyWeight.loinc,
    value: w.kg,
    unit: ObservationCodes.bodyWeight.unit,
  }));
  const change = person.activityChange;
  const activity: TwinEvent[] =
    change === undefined
      ? []
      : [
          { kind: 'activity-level', id: 'pal0', patientId, timeMs: WEIGHT_COHORT_EPOCH_MS, pal: person.pal },
          { kind: 'activity-level', id: 'pal1', patientId, timeMs: cohortTimeMs(change.day), pal: person.pal + change.deltaPal },
        ];
  return [...weighings, ...activity];
}

export function validateBodyWeightForecasts(options: BodyWeightValidationOptions): BodyWeightValidation {
  const days = options.days ?? 365;
  const horizon = options.horizonDays ?? 90;
  const origins = options.originDays ?? [120, 150, 180, 210, 240, 270];
  const settings = { ...(options.settings ?? BODY_WEIGHT_TWIN_SETTINGS), ensembleSize: options.ensembleSize ?? 64 };
  const people = weightVirtualPeople(options.seed, options.people, days);
  const scored = people.flatMap((person) => scorePerson(person, options, settings, origins, horizon));
  const score = (rows: readonly Scored[]): WeightForecastScore => ({
    n: rows.length,
    rmse: Math.sqrt(rows.reduce((s, r) => s + r.error ** 2, 0) / rows.length),
    lastValueRmse: Math.sqrt(rows.reduce((s, r) => s + r.lastValueError ** 2, 0) / rows.length),
    coverage80: rows.filter((r) => r.covered).length / rows.length,
    meanWidth80: rows.reduce((s, r) => s + r.width, 0) / rows.length,
  });
  return { people: people.length, changed: score(scored.filter((r) => r.changed)), unchanged: score(scored.filter((r) => !r.changed)) };
}

function scorePerson(person: WeightVirtualPerson, options: BodyWeightValidationOptions, settings: TwinSettings, origins: readonly number[], horizon: number): Scored[] {
  // the twin knows sex, age and height (people do), and its baseline activity when the person logs it; not the weight
  const pal = person.activityChange === undefined ? undefined : person.pal;
  const traits = options.traitsKnown === false ? {} : { sex: person.sex, ageYears: person.ageYears, heightCm: person.heightCm };
  const component = new BodyWeightComponent({ ...options.component, person: { ...traits, pal } });
  const events = weightEvents(person).sort((a, b) => a.timeMs - b.timeMs);
  const upTo = (day: number): TwinEvent[] => events.filter((e) => e.timeMs <= cohortTimeMs(day));
  const engine = TwinEngine.restore(person.id, component, settings, upTo(origins[0]), undefined);
  const rng = seededRandom('weight-target', person.id);
  return origins.flatMap((origin) => {
    for (const e of upTo(origin)) engine.apply(e);
    const last = person.weighings.filter((w) => w.day <= origin).at(-1);
    if (last === undefined) return [];
    const [point] = forecastReading(engine, ObservationCodes.bodyWeight.loinc, [horizon * 1440]);
    const targetDay = (engine.currentTimeMs - WEIGHT_COHORT_EPOCH_MS) / (MS_PER_MIN * 1440) + horizon;
    const target = person.weighAt(targetDay, rng);
    return [
      {
        changed: person.diet !== undefined,
        error: point.mean - target,
        lastValueError: last.kg - target,
        covered: target >= point.q10 && target <= point.q90,
        width: point.q90 - point.q10,
      },
    ];
  });
}
