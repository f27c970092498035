/**
 * A drug's regimen for a what-if: what the log says the person takes now, and each member's doses under an arm. The
 * components weigh a prescription's planned doses by each member's uncertain adherence (plannedDoseAdherence of
 * @shuji/twin: spread evenly over 0.6–1.0, after Vrijens B et al., BMJ 2008;336:1114–1117) and count recorded doses
 * whole; so do the arms: a dose the arm plans counts mg × the member's adherence (or × the arm's stated adherence),
 * the expected amount, as the components do. Doses are daily, at the time of day of the person's last dose.
 */
import { ConsentState, plannedDoseAdherence, type KnownDose, type TwinEvent } from '@shuji/twin';
import { RecommendInputError } from '../../shared/recommend-input.error';
import { numberIn, onlyFields } from '../../shared/request-fields.util';
import type { WhatIfChange } from '../what-if-plugin';

const MS_PER_MIN = 60_000;
const DAY_MIN = 1440;
/** How far back the log's recorded doses say what the person takes now. */
export const REGIMEN_WINDOW_DAYS = 14;

/** An arm's dose change: a daily dose from its start to its end (0: stopped), with the adherence when stated. */
export interface DoseChange {
  readonly mgPerDay: number;
  readonly adherence: number | null;
}

/**
 * A dose change's fields: `mg_per_day` (or `mg_per_week` when `weekly`), in [0, maxMgPerDay] (0 stops the drug), and
 * an optional `adherence`, the share of doses taken in [0, 1].
 */
export function parseDoseChange(body: Readonly<Record<string, unknown>>, field: string, maxMgPerDay: number, weekly = false): DoseChange {
  onlyFields(body, weekly ? ['mg_per_day', 'mg_per_week', 'adherence'] : ['mg_per_day', 'adherence'], `${field}.`);
  const adherence = body.adherence === undefined ? null : numberIn(body.adherence, `${field}.adherence`, 0, 1);
  if (weekly && body.mg_per_week !== undefined) {
    if (body.mg_per_day !== undefined) throw new RecommendInputError(`${field}.mg_per_week`, 'give mg_per_day or mg_per_week, not both');
    return { mgPerDay: numberIn(body.mg_per_week, `${field}.mg_per_week`, 0, 7 * maxMgPerDay) / 7, adherence };
  }
  if (body.mg_per_day === undefined) throw new RecommendInputError(`${field}.mg_per_day`, weekly ? 'is required (or mg_per_week)' : 'is required');
  return { mgPerDay: numberIn(body.mg_per_day, `${field}.mg_per_day`, 0, maxMgPerDay), adherence };
}

/** What the person takes now, by the log. */
export interface CurrentRegimen {
  readonly atc: string;
  /** The daily dose when taken. */
  readonly mgPerDay: number;
  /**
   * The share of days a dose is taken: from the log's recorded doses (days with one over the window's days), or null
   * under a prescription or without any recorded dose (the member's own adherence, as the components weigh planned
   * doses).
   */
  readonly adherence: number | null;
  /** Minutes after midnight UTC of the daily dose (the last dose's or schedule's time; 08:00 on the person's clock without). */
  readonly doseClockMin: number;
  /** Where mgPerDay came from, for the assumptions. */
  readonly source: string;
  /** Days of the last REGIMEN_WINDOW_DAYS (since the drug started, when later) with a recorded dose, and how many there were. */
  readonly daysWithDose: number;
  readonly days: number;
  /** The log's doses before now: recorded ones whole, a schedule's planned ones to be weighed by adherence. */
  readonly past: readonly (KnownDose & { readonly planned: boolean })[];
}

/**
 * The regimen in force at `nowMs`: a prescription schedule of `atc` open at now gives its daily amount; without one,
 * the recorded doses of the last REGIMEN_WINDOW_DAYS give their mean per day (since the first of them, when later);
 * neither: none. Medication data the person withdrew consent for are not used.
 */
export function currentRegimen(events: readonly TwinEvent[], atc: string, nowMs: number, utcOffsetMin: number): CurrentRegimen {
  const consent = new ConsentState();
  const recorded: KnownDose[] = [];
  const schedules: { startMin: number; mg: number; everyMin: number; endMin: number }[] = [];
  const nowMin = nowMs / MS_PER_MIN;
  for (const e of events) {
    if (e.timeMs > nowMs) break;
    if (consent.take(e)) {
      if (e.kind === 'consent' && !e.granted && e.category === 'medications') schedules.forEach((s) => (s.endMin = Math.min(s.endMin, e.timeMs / MS_PER_MIN)));
      continue;
    }
    if (!consent.allows(e)) continue;
    if (e.kind === 'medication-dose' && e.atc === atc && e.mg > 0) recorded.push({ tMin: e.timeMs / MS_PER_MIN, atc, mg: e.mg });
    if (e.kind === 'medication-schedule' && e.atc === atc && e.mg > 0 && e.everyMin > 0) {
      schedules.push({ startMin: e.timeMs / MS_PER_MIN, mg: e.mg, everyMin: e.everyMin, endMin: e.endMs === undefined ? Number.POSITIVE_INFINITY : e.endMs / MS_PER_MIN });
    }
  }
  const past: (KnownDose & { planned: boolean })[] = recorded.map((d) => ({ ...d, planned: false }));
  for (const s of schedules) {
    for (let t = s.startMin; t < Math.min(s.endMin, nowMin); t += s.everyMin) {
      if (!recorded.some((d) => Math.abs(d.tMin - t) < s.everyMin / 2)) past.push({ tMin: t, atc, mg: s.mg, planned: true });
    }
  }
  past.sort((a, b) => a.tMin - b.tMin);
  const fromMin = Math.max(nowMin - REGIMEN_WINDOW_DAYS * DAY_MIN, Math.min(...recorded.map((d) => d.tMin), ...schedules.map((s) => s.startMin), nowMin));
  const days = Math.max(1, Math.round((nowMin - fromMin) / DAY_MIN));
  const inWindow = recorded.filter((d) => d.tMin >= fromMin);
  const daysWithDose = new Set(inWindow.map((d) => Math.floor((d.tMin - fromMin) / DAY_MIN))).size;
  const open = schedules.filter((s) => s.startMin <= nowMin && s.endMin > nowMin).at(-1);
  const lastTime = open?.startMin ?? recorded.at(-1)?.tMin;
  const doseClockMin = lastTime === undefined ? (((8 * 60 - utcOffsetMin) % DAY_MIN) + DAY_MIN) % DAY_MIN : ((lastTime % DAY_MIN) + DAY_MIN) % DAY_MIN;
  if (open !== undefined) {
    return { atc, mgPerDay: (open.mg * DAY_MIN) / open.everyMin, adherence: null, doseClockMin, source: `log: the prescription in force (${open.mg} mg every ${open.everyMin / 60} h)`, daysWithDose, days, past };
  }
  const total = inWindow.reduce((s, d) => s + d.mg, 0);
  const source =
    inWindow.length === 0 ? 'log: no dose recorded in the last 14 days and no prescription in force' : `log: the doses recorded over the last ${days} days (mean a day with a dose; taken on ${daysWithDose} of ${days} days)`;
  return { atc, mgPerDay: daysWithDose === 0 ? 0 : total / daysWithDose, adherence: daysWithDose === 0 ? null : daysWithDose / days, doseClockMin, source, daysWithDose, days, past };
}

/**
 * Member j of n's doses of the drug: the log's past ones (a schedule's planned ones × the member's adherence), then one
 * a day at the dose time from `startMin` to `endMin`, of the current regimen's amount × its adherence (the logged
 * share of days, or the member's under a prescription) or, where one is in force, the arm's last change covering it
 * (open start: from startMin; open end: to endMin), × its stated adherence, else the current regimen's.
 */
export function memberDoses(regimen: CurrentRegimen, changes: readonly WhatIfChange[], j: number, n: number, startMin: number, endMin: number): KnownDose[] {
  const memberAdherence = plannedDoseAdherence(j, n);
  const out: KnownDose[] = regimen.past.map((d) => ({ tMin: d.tMin, atc: d.atc, mg: d.planned ? d.mg * memberAdherence : d.mg }));
  const { atc } = regimen;
  const first = startMin + ((((regimen.doseClockMin - startMin) % DAY_MIN) + DAY_MIN) % DAY_MIN);
  for (let t = first; t < endMin; t += DAY_MIN) {
    // a dose the log already holds (e.g. taken at the twin's time) is not planned again
    if (regimen.past.some((d) => Math.abs(d.tMin - t) < DAY_MIN / 2)) continue;
    let dose: DoseChange = { mgPerDay: regimen.mgPerDay, adherence: regimen.adherence };
    for (const c of changes) {
      if ((c.startMs === undefined || c.startMs / MS_PER_MIN <= t) && (c.endMs === undefined || t < c.endMs / MS_PER_MIN)) dose = c.value as DoseChange;
    }
    // a change that states no adherence is taken as the person takes their drug now
    const mg = dose.mgPerDay * (dose.adherence ?? regimen.adherence ?? memberAdherence);
    if (mg > 0) out.push({ tMin: t, atc, mg });
  }
  return out;
}
