/**
 * Virtual people starting warfarin, for the anticoagulation twin's validation. Each has an ancestry, a genotype drawn
 * from its population (CPIC allele frequencies, @shuji/models warfarin-population), an age and personal Hamberg 2007
 * parameters drawn with the IIV the twin assumes (WARFARIN_IIV), so the twin's prior is the population and never the
 * person. They start on 5 mg at 18:00 on day 0, have their INR measured at a clinic at 09:00 (day 0, 3, 5, 7, then
 * every 3–14 days by how far the INR is from 2–3) and their dose adjusted by a simple nomogram: the dose changes are
 * the forecast origins.
 *
 * The truth carries what the twin does not (deliberate misspecification, docs/validation.md):
 * - missed tablets: each tablet missed with a personal probability of 0–10 %, and for one person in three an
 *   adherence gap of 2–4 days; the data still record every prescribed dose;
 * - an interacting drug not in the data for one person in four: amiodarone from a day in 20–60, S-warfarin clearance
 *   falling to × 0.6 (Sanoski CA, Bauman JL, Chest 2002;121:19-23, the knowledge base's interacts-with edge) over
 *   14 days (an assumed onset: amiodarone accumulates slowly);
 * - day-to-day vitamin K intake: a daily AR(1) shift of log EC50, SD 0.15, lag-1 correlation 0.8 (assumed size; dietary
 *   vitamin K intake explains part of the within-person INR variability: Khan T et al., Br J Haematol
 *   2004;124:348-354, from memory);
 * - measurement error: laboratory INR (6301-6) with a CV of 5 %, point-of-care (34714-6, one person in three) 8 %, the
 *   order of the analytical CVs reported for INR (Poller L, J Thromb Haemost 2004;2:849-860; Plesch W et al., Thromb
 *   Res 2008;123:381-389; both from memory, not re-checked), rounded to 0.1 as reported.
 * Half the people have their CYP2C9 and VKORC1 genotypes in the data (genotype events on day 0), half do not.
 */
import {
  CYP2C9_CLEARANCE_REDUCTION,
  genotypeAt,
  genotypeMixture,
  VKORC1_EC50_MG_PER_L,
  type Cyp2c9Genotype,
  type Vkorc1Genotype,
  type WarfarinRace,
} from '@shuji/models';
import { seededRandom, type SeededRandom } from '@shuji/stats';
import { WARFARIN_ATC, WARFARIN_IIV } from '../composition/anticoagulation.component';
import { ObservationCodes } from '../composition/observation-codes';
import { advanceWarfarin, drugNaiveWarfarinState, HAMBERG_FIXED, WARFARIN_STATE_COUNT, warfarinInr, type WarfarinPkpdParameters } from '../composition/warfarin-pkpd-step';
import { MS_PER_MIN, type TwinEvent } from '../state/twin-event';
import { interactionFactor, knowledgeBase } from '@shuji/knowledge';

/** Amiodarone on S-warfarin clearance, the knowledge base's figure (Sanoski & Bauman 2002). */
const AMIODARONE_CLEARANCE_FACTOR = (): number => interactionFactor(knowledgeBase(), 'C01BD01', 'B01AA03', 'S-warfarin clearance').factor;

export interface VirtualInrPersonOptions {
  readonly index: number;
  readonly seed: string;
  /** Days of follow-up (default 84). */
  readonly days?: number;
  /** Epoch ms of day 0, midnight (default 2026-01-05T00:00Z). */
  readonly startMs?: number;
}

/** A held-out measurement of the INR (not in the events), `daysAfter` days after a dose change. */
export interface InrProbe {
  readonly originMs: number;
  readonly daysAfter: number;
  readonly timeMs: number;
  readonly value: number;
}

export interface VirtualInrPerson {
  readonly patientId: string;
  readonly dayZeroMs: number;
  readonly ancestry: Exclude<WarfarinRace, 'mixed_or_unknown'>;
  readonly ageYears: number;
  readonly genotypeKnown: boolean;
  /** LOINC of the person's INR readings. */
  readonly loinc: string;
  readonly truth: {
    readonly cyp2c9: Cyp2c9Genotype;
    readonly vkorc1: Vkorc1Genotype;
    /** Without the interacting drug. */
    readonly parameters: WarfarinPkpdParameters;
    readonly amiodaroneFromDay?: number;
    readonly missProbability: number;
    readonly adherenceGap?: { readonly fromDay: number; readonly days: number };
  };
  /** Readings, doses and genotype findings, in time order. */
  readonly events: readonly TwinEvent[];
  /** Times (epoch ms) of the visits at which the dose changed. */
  readonly doseChangesMs: readonly number[];
  /** Held-out INR measurements 3 and 7 days after each dose change. */
  readonly probes: readonly InrProbe[];
}

export const INR_VISIT_MINUTE_OF_DAY = 9 * 60;
export const WARFARIN_DOSE_MINUTE_OF_DAY = 18 * 60;
const ANCESTRIES = ['white', 'black', 'asian'] as const;
const START_DOSE_MG = 5;
const VITAMIN_K = { sd: 0.15, rho: 0.8 } as const;
const READING_CV = { laboratory: 0.05, pointOfCare: 0.08 } as const;
const AMIODARONE_ONSET_DAYS = 14;

const uniform = (rng: SeededRandom, lo: number, hi: number): number => lo + (hi - lo) * rng.uniform();

/**
 * The clinic's rule (a simple nomogram in the spirit of common maintenance tables, not a published one): in the first
 * week an INR ≥ 2 halves the dose; later < 1.5 +20 %, < 2 +10 %, 2–3 unchanged, ≤ 4 −10 %, ≤ 5 −15 %, above 5 one
 * dose held and −20 %; rounded to 0.5 mg within 0.5–15 mg. Returns the new dose and whether tonight's dose is held.
 */
export function nomogramDose(day: number, inr: number, dose: number): { readonly mg: number; readonly hold: boolean } {
  const round = (mg: number): number => Math.min(15, Math.max(0.5, Math.round(mg * 2) / 2));
  if (day < 7) return { mg: inr >= 2 ? round(dose / 2) : dose, hold: false };
  if (inr < 1.5) return { mg: round(dose * 1.2), hold: false };
  if (inr < 2) return { mg: round(dose * 1.1), hold: false };
  if (inr <= 3) return { mg: dose, hold: false };
  if (inr <= 4) return { mg: round(dose * 0.9), hold: false };
  if (inr <= 5) return { mg: round(dose * 0.85), hold: false };
  return { mg: round(dose * 0.8), hold: true };
}

/** Days to the next visit: the first week's schedule, then 3–7 days out of range, 7 then 14 in range. */
function nextVisitDay(day: number, inr: number, inRangeBefore: boolean, rng: SeededRandom): number {
  if (day < 3) return 3;
  if (day < 5) return 5;
  if (day < 7) return 7;
  if (inr < 2 || inr > 3) return day + 3 + Math.floor(rng.uniform() * 5);
  return day + (inRangeBefore ? 14 : 7);
}

export function virtualInrPerson(options: VirtualInrPersonOptions): VirtualInrPerson {
  const { index, seed } = options;
  const days = options.days ?? 84;
  const rng = seededRandom('virtual-inr-person', seed, index);
  const probeRng = seededRandom('virtual-inr-probes', seed, index);
  const ancestry = ANCESTRIES[index % 3];
  const genotype = genotypeAt(genotypeMixture(ancestry, null, null), rng.uniform());
  const ageYears = Math.round(uniform(rng, 45, 85));
  const parameters: WarfarinPkpdParameters = {
    clL_h: 0.314 * (1 - 0.0091 * (ageYears - 71)) * (1 - CYP2C9_CLEARANCE_REDUCTION[genotype.cyp2c9]) * Math.exp(WARFARIN_IIV.CL * rng.normal()),
    ec50MgL: VKORC1_EC50_MG_PER_L[genotype.vkorc1] * Math.exp(WARFARIN_IIV.EC50 * rng.normal()),
    v1L: 13.8 * Math.exp(WARFARIN_IIV.V1 * rng.normal()),
    v2L: 6.59 * Math.exp(WARFARIN_IIV.V2 * rng.normal()),
    mtt1H: 11.6 * Math.exp(WARFARIN_IIV.MTT1 * rng.normal()),
    mtt2H: 120 * Math.exp(WARFARIN_IIV.MTT2 * rng.normal()),
    inrBase: Math.exp(WARFARIN_IIV.INRbase * rng.normal()),
  };
  const missProbability = uniform(rng, 0, 0.1);
  const adherenceGap = index % 3 === 1 ? { fromDay: Math.floor(uniform(rng, 15, days - 20)), days: 2 + Math.floor(rng.uniform() * 3) } : undefined;
  const amiodaroneFromDay = index % 4 === 1 ? Math.floor(uniform(rng, 20, 60)) : undefined;
  const pointOfCare = index % 3 === 2;
  const code = pointOfCare ? ObservationCodes.inrPointOfCare : ObservationCodes.inr;
  const cv = pointOfCare ? READING_CV.pointOfCare : READING_CV.laboratory;
  const genotypeKnown = index % 2 === 0;
  const patientId = `virtual-inr-${seed}-${index}`;
  const dayZeroMs = options.startMs ?? Date.UTC(2026, 0, 5);
  const at = (day: number, minute: number): number => dayZeroMs + (day * 1440 + minute) * MS_PER_MIN;

  const events: TwinEvent[] = [];
  if (genotypeKnown) {
    events.push({ kind: 'genotype', id: `${patientId}-cyp2c9`, patientId, timeMs: at(0, 8 * 60), gene: 'CYP2C9', result: genotype.cyp2c9 });
    events.push({ kind: 'genotype', id: `${patientId}-vkorc1`, patientId, timeMs: at(0, 8 * 60), gene: 'VKORC1', result: genotype.vkorc1 });
  }
  const state = new Float64Array(WARFARIN_STATE_COUNT);
  drugNaiveWarfarinState(state, 0);
  const dailyInr: number[] = [];
  const doseChangesMs: number[] = [];
  let vitaminK = VITAMIN_K.sd * rng.normal();
  let dose = START_DOSE_MG;
  let visit = 0;
  let inRange = false;
  for (let day = 0; day < days; day++) {
    const amiodarone = amiodaroneFromDay === undefined ? 1 : 1 - (1 - AMIODARONE_CLEARANCE_FACTOR()) * Math.min(1, Math.max(0, (day - amiodaroneFromDay) / AMIODARONE_ONSET_DAYS));
    const p = { ...parameters, clL_h: parameters.clL_h * amiodarone };
    advanceWarfarin(state, 0, INR_VISIT_MINUTE_OF_DAY / 60, p, vitaminK);
    const inr = warfarinInr(state, 0, p);
    dailyInr.push(inr);
    let hold = false;
    if (day === visit) {
      const measured = Math.round(inr * Math.exp(cv * rng.normal()) * 10) / 10;
      events.push({ kind: 'observation', id: `${patientId}-inr-${day}`, patientId, timeMs: at(day, INR_VISIT_MINUTE_OF_DAY), loinc: code.loinc, value: measured, unit: code.unit });
      const decision = nomogramDose(day, measured, dose);
      if (decision.mg !== dose || decision.hold) doseChangesMs.push(at(day, INR_VISIT_MINUTE_OF_DAY));
      dose = decision.mg;
      hold = decision.hold;
      visit = nextVisitDay(day, measured, inRange, rng);
      inRange = measured >= 2 && measured <= 3;
    }
    advanceWarfarin(state, 0, (WARFARIN_DOSE_MINUTE_OF_DAY - INR_VISIT_MINUTE_OF_DAY) / 60, p, vitaminK);
    if (!hold) {
      events.push({ kind: 'medication-dose', id: `${patientId}-dose-${day}`, patientId, timeMs: at(day, WARFARIN_DOSE_MINUTE_OF_DAY), atc: WARFARIN_ATC, mg: dose });
      const missed = rng.uniform() < missProbability || (adherenceGap !== undefined && day >= adherenceGap.fromDay && day < adherenceGap.fromDay + adherenceGap.days);
      if (!missed) state[0] += HAMBERG_FIXED.fractionS * dose;
    }
    advanceWarfarin(state, 0, (1440 - WARFARIN_DOSE_MINUTE_OF_DAY) / 60, p, vitaminK);
    vitaminK = VITAMIN_K.rho * vitaminK + VITAMIN_K.sd * Math.sqrt(1 - VITAMIN_K.rho ** 2) * rng.normal();
  }
  const probes = doseChangesMs.flatMap((originMs) =>
    [3, 7].flatMap((daysAfter): InrProbe[] => {
      const day = Math.round((originMs - dayZeroMs) / (1440 * MS_PER_MIN) - INR_VISIT_MINUTE_OF_DAY / 1440) + daysAfter;
      if (day >= days) return [];
      const value = Math.round(dailyInr[day] * Math.exp(cv * probeRng.normal()) * 10) / 10;
      return [{ originMs, daysAfter, timeMs: at(day, INR_VISIT_MINUTE_OF_DAY), value }];
    }),
  );
  events.sort((p, q) => p.timeMs - q.timeMs);
  return {
    patientId,
    dayZeroMs,
    ancestry,
    ageYears,
    genotypeKnown,
    loinc: code.loinc,
    truth: { ...genotype, parameters, amiodaroneFromDay, missProbability, adherenceGap },
    events,
    doseChangesMs,
    probes,
  };
}
