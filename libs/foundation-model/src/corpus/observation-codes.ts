/**
 * Codes of the observations in the corpus and the tokeniser (LOINC where one exists; `shuji:` otherwise).
 * The tokeniser's vocabulary (models/<name>/tokenizer.json) lists these with their normalisation.
 */
export const OBSERVATION_CODES = {
  cgm: '99504-3',
  carbs: '9059-7',
  bolus: 'shuji:insulin-bolus',
  glucose: '2339-0',
  glucoseSerum: '2345-7',
  hba1c: '4548-4',
  weight: '29463-7',
  bmi: '39156-5',
  systolic: '8480-6',
  diastolic: '8462-4',
  heartRate: '8867-4',
  inr: '6301-6',
  warfarinDose: 'shuji:warfarin-dose',
  amlodipineDose: 'shuji:amlodipine-dose',
  energyIntake: 'shuji:energy-intake',
} as const;

/** One observation of a timeline: code, minutes from the person's start, value in the code's unit. */
export interface TimelineObservation {
  readonly c: string;
  readonly t: number;
  readonly v: number;
}

/**
 * The UVA/Padova parameters the T1D twin estimates per person (DEFAULT_ESTIMATED of @shuji/twin, which this lib
 * must not import): insulin-dependent utilisation, EGP insulin action, gut absorption, insulin action rate.
 * The FM's personalisation head predicts their logs in this order.
 */
export const PERSONAL_PARAMETERS = ['Vmx', 'kp3', 'kabs', 'p2u'] as const;

export type CorpusSplit = 'train' | 'validation' | 'test' | 'ood';

/** One line of the corpus JSONL: a person and their whole timeline, sorted by time. */
export interface CorpusPerson {
  readonly id: string;
  readonly kind: 't1d' | 'weight' | 'blood-pressure' | 'inr' | 'synthea';
  readonly split: CorpusSplit;
  /** What the person was generated from (base subject, sampled parameters of interest). */
  readonly about: Readonly<Record<string, string | number>>;
  /** T1D only: the true values of the personal parameters the twin estimates (PERSONAL_PARAMETERS), model units. */
  readonly personal?: Readonly<Record<string, number>>;
  readonly observations: readonly TimelineObservation[];
}
