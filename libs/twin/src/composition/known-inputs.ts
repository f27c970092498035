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
  /** Activity levels; absent means the component's default. */
  readonly activity?: readonly KnownActivity[];
}

export const NO_INPUTS: KnownInputs = { meals: [], boluses: [], basal: [] };
