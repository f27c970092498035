/** What the twin knows a person did: meals eaten, insulin boluses and basal rates, drug doses, activity (times in minutes). */
export interface KnownMeal {
  readonly tMin: number;
  readonly carbsG: number;
}

export interface KnownBolus {
  readonly tMin: number;
  readonly units: number;
}

/** A basal rate in force from tMin until the next one. */
export interface KnownBasal {
  readonly tMin: number;
  readonly unitsPerHour: number;
}

/** A drug dose taken by mouth or injection: ATC code and amount in mg (insulin is a bolus or a basal rate instead). */
export interface KnownDose {
  readonly tMin: number;
  readonly atc: string;
  readonly mg: number;
}

/** A prescribed schedule: `mg` every `everyMin` from startMin until endMin (open when absent); its doses are planned. */
export interface KnownSchedule {
  readonly startMin: number;
  readonly atc: string;
  readonly mg: number;
  readonly everyMin: number;
  readonly endMin?: number;
}

/** A physical activity level (PAL, total over resting energy expenditure) in force from tMin until the next one. */
export interface KnownActivity {
  readonly tMin: number;
  readonly pal: number;
}

export interface KnownInputs {
  readonly meals: readonly KnownMeal[];
  readonly boluses: readonly KnownBolus[];
  readonly basal: readonly KnownBasal[];
  /** Drug doses; absent means none. */
  readonly doses?: readonly KnownDose[];
  /** Prescribed schedules (planned doses); absent means none. */
  readonly schedules?: readonly KnownSchedule[];
  /** Activity levels; absent means the component's default. */
  readonly activity?: readonly KnownActivity[];
}

export const NO_INPUTS: KnownInputs = { meals: [], boluses: [], basal: [] };

/** A dose of one drug as a component takes it: recorded as taken, or planned by a schedule (weighed by adherence). */
export interface DrugDose {
  readonly tMin: number;
  readonly mg: number;
  readonly planned: boolean;
}

/**
 * The doses of drug `atc` in (fromMin, toMin) — [fromMin, toMin) with `includeFrom` — in time order: the recorded ones,
 * and the planned ones of its schedules. A planned dose with a recorded dose of the drug within half its interval is not
 * counted again (the record says what was taken).
 */
export function dosesOfDrug(inputs: KnownInputs, atc: string, fromMin: number, toMin: number, includeFrom = false): DrugDose[] {
  const after = (t: number): boolean => (includeFrom ? t >= fromMin : t > fromMin);
  const recorded = (inputs.doses ?? []).filter((d) => d.atc === atc && d.mg > 0 && Number.isFinite(d.mg));
  const out: DrugDose[] = recorded.filter((d) => after(d.tMin) && d.tMin < toMin).map((d) => ({ tMin: d.tMin, mg: d.mg, planned: false }));
  for (const s of inputs.schedules ?? []) {
    if (s.atc !== atc || !(s.everyMin > 0) || !(s.mg > 0)) continue;
    const until = Math.min(toMin, s.endMin ?? Number.POSITIVE_INFINITY);
    for (let k = Math.max(0, Math.floor((fromMin - s.startMin) / s.everyMin)); s.startMin + k * s.everyMin < until; k++) {
      const tMin = s.startMin + k * s.everyMin;
      if (!after(tMin) || recorded.some((d) => Math.abs(d.tMin - tMin) < s.everyMin / 2)) continue;
      out.push({ tMin, mg: s.mg, planned: true });
    }
  }
  return out.sort((a, b) => a.tMin - b.tMin);
}

/**
 * The share of planned doses member k of n takes: a person's adherence is uncertain, so the ensemble spreads it evenly
 * over 0.6–1.0 (mean 0.8), the members in a fixed shuffled order. An assumption sized on electronically monitored
 * antihypertensive treatment, where patients who persist omit about one scheduled dose in ten and many persist
 * imperfectly (Vrijens B, et al. BMJ 2008;336:1114–1117; approximate, not a fit).
 */
export function plannedDoseAdherence(k: number, n: number): number {
  // 7919 is prime: k ↦ (7919k + 3) mod n permutes the strata unless n is a multiple of it
  const stratum = n % 7919 === 0 ? k : (k * 7919 + 3) % n;
  return 0.6 + (0.4 * (stratum + 0.5)) / n;
}
