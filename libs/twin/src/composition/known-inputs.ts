/** What the twin knows a person did: meals eaten, insulin boluses and basal rates (times in minutes). */
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

export interface KnownInputs {
  readonly meals: readonly KnownMeal[];
  readonly boluses: readonly KnownBolus[];
  readonly basal: readonly KnownBasal[];
}

export const NO_INPUTS: KnownInputs = { meals: [], boluses: [], basal: [] };
