/**
 * Virtual people with hypertension for the blood-pressure twin's validation: an untreated pressure, a white-coat
 * offset, a drift, a drug started at its standard dose and, for some, doubled later, and readings at home (daily,
 * before the morning tablet) or at the office (weekly). Every personal value is drawn from the population
 * distributions the papers report (libs/models antihypertensive-pkpd: the PK IIV, the sensitivity spread), so the
 * twin's prior is the population and never the person.
 * The truth uses the component's structure (one-compartment PK, Emax on pre-treatment office pressure, an OU drift):
 * it tests the filter and the calibration of its intervals, not the structure (docs/validation.md). Optional
 * misspecification (BpMisspecification) adds what the twin is never told: missed tablets and drug holidays (the log
 * still holds the prescription) and a course of an NSAID that raises the pressure for some weeks.
 * The log holds the prescription as a clinic receives it (`doseLog` 'prescription', the default): a
 * `medication-schedule` (once daily at 08:00) from the start, ended at the titration by a second one of the doubled
 * dose; `doseLog` 'tablets' records every prescribed tablet as a `medication-dose` instead (taken, as far as the twin
 * knows), the protocol of the first BP validation.
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
  /** What the truth does that the data do not say (default none: the truth follows the prescription). */
  readonly misspecification?: BpMisspecification;
  /** How the log holds the drug (default 'prescription': medication-schedule events; 'tablets': a dose event per tablet). */
  readonly doseLog?: BpDoseLog;
}

export type BpDoseLog = 'prescription' | 'tablets';

/**
 * Truth the twin is not told of. Drawn from a random stream of its own, so a person without it is the same person.
 * - `adherence`: each prescribed tablet is taken with a per-person probability drawn uniformly in `takenProbability`,
 *   and drug holidays (no tablet for `holidayDays` days) start at `holidaysPer100Days` (Poisson). The log stays the
 *   prescription (the twin is not told which tablets were missed).
 * - `nsaid`: a share of the people take an NSAID for `weeks` at a random time, raising SBP by a per-person amount in
 *   `sbpRiseMmHg` (DBP by half of it) while they take it; the drug is not in the data.
 */
export interface BpMisspecification {
  readonly adherence?: { readonly takenProbability: readonly [number, number]; readonly holidaysPer100Days: number; readonly holidayDays: readonly [number, number] };
  readonly nsaid?: { readonly share: number; readonly sbpRiseMmHg: readonly [number, number]; readonly weeks: readonly [number, number] };
}

/**
 * The misspecified cohort of docs/validation.md. Adherence: electronically monitored once-daily antihypertensives
 * (Vrijens B et al., BMJ 2008;336:1114, 4,783 patients) show about 1 in 10 scheduled doses omitted among people
 * who persist and frequent drug holidays of ≥ 3 days (the figures from memory, unverified); this cohort omits more:
 * 70–95 % taken per person and a 3–10-day holiday per 100 days, 24 % of the tablets missed on seed "held-out" (a
 * week of < 60 % adherence raised the pressure by 12–15/7–8 mmHg vs a week of full adherence: Rose AJ et al.,
 * J Clin Hypertens 2011;13:416–421).
 * NSAID: pooled trials raised mean pressure by 5.0 mmHg (95 % CI 1.2–8.7; Johnson AG et al., Ann Intern Med
 * 1994;121:289–300); in hypertensive practice patients on an ACE inhibitor or a CCB SBP rose by about 3 mmHg
 * (Aljadhey H et al., BMC Cardiovasc Disord 2012;12:93); here 2–8 mmHg for 2–6 weeks in 30 % of the people.
 */
export const BP_MISSPECIFICATION: BpMisspecification = {
  adherence: { takenProbability: [0.7, 0.95], holidaysPer100Days: 1, holidayDays: [3, 10] },
  nsaid: { share: 0.3, sbpRiseMmHg: [2, 8], weeks: [2, 6] },
};

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
    /** Share of the prescribed tablets taken (1 without the adherence misspecification). */
    readonly takenShare: number;
    /** The NSAID course not in the data (days, SBP rise in mmHg), if any. */
    readonly nsaid?: { readonly fromDay: number; readonly toDay: number; readonly sbpRise: number };
  };
  /** Readings and the prescription (schedules, or a dose per tablet with doseLog 'tablets'), in time order. */
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

  const hidden = hiddenTruth(options);
  const doses: { tH: number; mg: number }[] = [];
  const events: TwinEvent[] = [];
  for (let day = startDay; day < days; day++) {
    const mg = options.titrationDay !== undefined && day >= options.titrationDay ? 2 * drug.standardDoseMg : drug.standardDoseMg;
    if (hidden.taken(day)) doses.push({ tH: (day * 1440 + BP_DOSE_MINUTE_OF_DAY) / 60, mg });
    if (options.doseLog === 'tablets') events.push({ id: `${patientId}-dose-${day}`, patientId, timeMs: at(day, BP_DOSE_MINUTE_OF_DAY), kind: 'medication-dose', atc: drug.atc, mg });
  }
  if (options.doseLog !== 'tablets') events.push(...prescription(patientId, drug, at, startDay, options.titrationDay));
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
    const nsaid = hidden.nsaid !== undefined && day >= hidden.nsaid.fromDay && day < hidden.nsaid.toDay ? hidden.nsaid.sbpRise : 0;
    for (const [quantity, code] of [['sbp', ObservationCodes.systolicBp], ['dbp', ObservationCodes.diastolicBp]] as const) {
      const rise = quantity === 'sbp' ? nsaid : nsaid / 2;
      const pressure = baseline[quantity] + x[quantity] + rise - antihypertensiveEffect(drug, quantity, c, sensitivity, baseline[quantity] + WHITE_COAT_PRIOR.mean[quantity]);
      const reading = pressure + (setting === 'office' ? whiteCoat[quantity] : 0) + sd[quantity] * rng.normal();
      events.push({ id: `${patientId}-${quantity}-${day}`, patientId, timeMs: at(day, READING_MIN_OF_DAY), kind: 'observation', loinc: code.loinc, value: Math.round(reading), unit: code.unit });
    }
  }
  events.sort((p, q) => p.timeMs - q.timeMs);
  return { patientId, dayZeroMs: startMs, setting, drug, truth: { baseline, whiteCoat, clL_h, sensitivity, takenShare: hidden.takenShare, nsaid: hidden.nsaid }, events };
}

/** The MedicationRequests as schedule events: the standard dose daily from the start, doubled from the titration. */
function prescription(patientId: string, drug: AntihypertensiveDrug, at: (day: number, minute: number) => number, startDay: number, titrationDay?: number): TwinEvent[] {
  const daily = { patientId, kind: 'medication-schedule', atc: drug.atc, everyMin: 1440 } as const;
  const first = at(startDay, BP_DOSE_MINUTE_OF_DAY);
  if (titrationDay === undefined || titrationDay <= startDay) {
    return [{ ...daily, id: `${patientId}-rx-start`, timeMs: first, mg: titrationDay === undefined ? drug.standardDoseMg : 2 * drug.standardDoseMg }];
  }
  const doubled = at(titrationDay, BP_DOSE_MINUTE_OF_DAY);
  return [
    { ...daily, id: `${patientId}-rx-start`, timeMs: first, mg: drug.standardDoseMg, endMs: doubled },
    { ...daily, id: `${patientId}-rx-titration`, timeMs: doubled, mg: 2 * drug.standardDoseMg },
  ];
}

interface HiddenTruth {
  readonly taken: (day: number) => boolean;
  readonly takenShare: number;
  readonly nsaid?: { readonly fromDay: number; readonly toDay: number; readonly sbpRise: number };
}

/** The misspecification's draws, from a stream of their own (the person's other values do not move). */
function hiddenTruth(options: VirtualBpPersonOptions): HiddenTruth {
  const m = options.misspecification;
  if (m === undefined || (m.adherence === undefined && m.nsaid === undefined)) return { taken: () => true, takenShare: 1 };
  const rng = seededRandom('virtual-bp-person-misspecification', options.seed, options.index);
  const between = (range: readonly [number, number]): number => range[0] + (range[1] - range[0]) * rng.uniform();
  const takenDays = new Set<number>();
  if (m.adherence === undefined) {
    for (let day = options.startDay; day < options.days; day++) takenDays.add(day);
  } else {
    const p = between(m.adherence.takenProbability);
    const holiday = new Set<number>();
    for (let day = options.startDay; day < options.days; day++) {
      // a holiday starts on a day with probability rate/100 (Poisson in the limit)
      if (rng.uniform() < m.adherence.holidaysPer100Days / 100) {
        const length = Math.round(between(m.adherence.holidayDays));
        for (let k = 0; k < length; k++) holiday.add(day + k);
      }
      if (rng.uniform() < p && !holiday.has(day)) takenDays.add(day);
    }
  }
  const prescribed = Math.max(1, options.days - options.startDay);
  const nsaid =
    m.nsaid !== undefined && rng.uniform() < m.nsaid.share
      ? (() => {
          const weeks = between(m.nsaid.weeks);
          const fromDay = Math.floor(between([0, Math.max(0, options.days - 7 * weeks)]));
          return { fromDay, toDay: fromDay + Math.round(7 * weeks), sbpRise: between(m.nsaid.sbpRiseMmHg) };
        })()
      : undefined;
  return { taken: (day) => takenDays.has(day), takenShare: takenDays.size / prescribed, nsaid };
}
