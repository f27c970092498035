/**
 * Virtual people with hypertension for the blood-pressure twin's validation: an untreated pressure, a white-coat
 * offset, a drift, a drug started at its standard dose and, for some, doubled later, and readings at home (daily,
 * before the morning tablet) or at the office (weekly). Every personal value is drawn from the population
 * distributions the papers report (libs/models antihypertensive-pkpd: the PK IIV, the sensitivity spread), so the
 * twin's prior is the population and never the person.
 * The truth uses the component's structure (one-compartment PK, Emax on pre-treatment office pressure, an OU drift):
 * it tests the filter and the calibration of its intervals, not the structure (docs/validation.md).
 */
import { AMLODIPINE, antihypertensiveEffect, LISINOPRIL, oralConcentration, type AntihypertensiveDrug } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { READING_SD, WHITE_COAT_PRIOR, type BloodPressureSetting, type SystolicDiastolic } from '../composition/blood-pressure-observation.model';
import { ObservationCodes } from '../composition/observation-codes';
import { MS_PER_MIN, type TwinEvent } from '../state/twin-event';

export interface VirtualBpPersonOptions {
  readonly index: number;
  readonly seed: string;
  readonly days: number;
  /** Day the drug starts (its first tablet at 08:00). */
  readonly startDay: number;
  /** Day the dose doubles, or none. */
  readonly titrationDay?: number;
  /** Epoch ms of day 0, midnight (default 2026-01-05T00:00Z). */
  readonly startMs?: number;
}

export interface VirtualBpPerson {
  readonly patientId: string;
  /** Epoch ms of day 0, midnight. */
  readonly dayZeroMs: number;
  readonly setting: BloodPressureSetting;
  readonly drug: AntihypertensiveDrug;
  readonly truth: {
    readonly baseline: SystolicDiastolic;
    readonly whiteCoat: SystolicDiastolic;
    readonly clL_h: number;
    readonly sensitivity: number;
  };
  /** Readings and doses, in time order. */
  readonly events: readonly TwinEvent[];
}

/** The morning tablet (minute of the day); the reading comes half an hour before it. */
export const BP_DOSE_MINUTE_OF_DAY = 8 * 60;
const READING_MIN_OF_DAY = 7 * 60 + 30;
/** The truth's drift: the component's default OU (30 d, 5/3 mmHg, correlation 0.6). */
const DRIFT = { tauMin: 30 * 1440, sd: { sbp: 5, dbp: 3 }, rho: 0.6 };

/**
 * Person `index`: even indices read at home daily, odd ones at the office weekly; indices alternate amlodipine and
 * lisinopril in pairs. Untreated home pressure SBP₀ ~ N(150, 12²) in [120, 200], DBP₀ = 22 + 0.45·SBP₀ + N(0, 6²).
 */
export function virtualBpPerson(options: VirtualBpPersonOptions): VirtualBpPerson {
  const { index, seed, days, startDay } = options;
  const rng = seededRandom('virtual-bp-person', seed, index);
  const setting: BloodPressureSetting = index % 2 === 0 ? 'home' : 'office';
  const drug = Math.floor(index / 2) % 2 === 0 ? AMLODIPINE : LISINOPRIL;
  const sbp0 = Math.min(200, Math.max(120, 150 + 12 * rng.normal()));
  const baseline = { sbp: sbp0, dbp: Math.min(sbp0 - 30, 22 + 0.45 * sbp0 + 6 * rng.normal()) };
  const whiteCoat = { sbp: WHITE_COAT_PRIOR.mean.sbp + WHITE_COAT_PRIOR.sd.sbp * rng.normal(), dbp: WHITE_COAT_PRIOR.mean.dbp + WHITE_COAT_PRIOR.sd.dbp * rng.normal() };
  const clL_h = drug.clL_h * Math.exp(drug.clLogSd * rng.normal());
  const sensitivity = Math.exp(drug.sensitivityLogSd * rng.normal());
  const patientId = `virtual-bp-${seed}-${index}`;
  const startMs = options.startMs ?? Date.UTC(2026, 0, 5);
  const at = (day: number, minute: number): number => startMs + (day * 1440 + minute) * MS_PER_MIN;

  const doses: { tH: number; mg: number }[] = [];
  const events: TwinEvent[] = [];
  for (let day = startDay; day < days; day++) {
    const mg = options.titrationDay !== undefined && day >= options.titrationDay ? 2 * drug.standardDoseMg : drug.standardDoseMg;
    doses.push({ tH: (day * 1440 + BP_DOSE_MINUTE_OF_DAY) / 60, mg });
    events.push({ id: `${patientId}-dose-${day}`, patientId, timeMs: at(day, BP_DOSE_MINUTE_OF_DAY), kind: 'medication-dose', atc: drug.atc, mg });
  }
  const every = setting === 'home' ? 1 : 7;
  const sd = READING_SD[setting];
  const z0 = rng.normal();
  let x = { sbp: DRIFT.sd.sbp * z0, dbp: DRIFT.sd.dbp * (DRIFT.rho * z0 + Math.sqrt(1 - DRIFT.rho ** 2) * rng.normal()) };
  let lastMin = READING_MIN_OF_DAY;
  for (let day = 0; day < days; day += every) {
    const minute = day * 1440 + READING_MIN_OF_DAY;
    const a = Math.exp(-(minute - lastMin) / DRIFT.tauMin);
    const z1 = rng.normal();
    const z2 = rng.normal();
    x = {
      sbp: a * x.sbp + DRIFT.sd.sbp * Math.sqrt(1 - a * a) * z1,
      dbp: a * x.dbp + DRIFT.sd.dbp * Math.sqrt(1 - a * a) * (DRIFT.rho * z1 + Math.sqrt(1 - DRIFT.rho ** 2) * z2),
    };
    lastMin = minute;
    const c = oralConcentration(doses, minute / 60, clL_h, drug.vL, drug.kaPerH);
    for (const [quantity, code] of [['sbp', ObservationCodes.systolicBp], ['dbp', ObservationCodes.diastolicBp]] as const) {
      const pressure = baseline[quantity] + x[quantity] - antihypertensiveEffect(drug, quantity, c, sensitivity, baseline[quantity] + WHITE_COAT_PRIOR.mean[quantity]);
      const reading = pressure + (setting === 'office' ? whiteCoat[quantity] : 0) + sd[quantity] * rng.normal();
      events.push({ id: `${patientId}-${quantity}-${day}`, patientId, timeMs: at(day, READING_MIN_OF_DAY), kind: 'observation', loinc: code.loinc, value: Math.round(reading), unit: code.unit });
    }
  }
  events.sort((p, q) => p.timeMs - q.timeMs);
  return { patientId, dayZeroMs: startMs, setting, drug, truth: { baseline, whiteCoat, clL_h, sensitivity }, events };
}
