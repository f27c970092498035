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

export type CorpusSplit = 'train' | 'validation' | 'test' | 'ood';

/** One line of the corpus JSONL: a person and their whole timeline, sorted by time. */
export interface CorpusPerson {
  readonly id: string;
  readonly kind: 't1d' | 'weight' | 'blood-pressure' | 'inr' | 'synthea';
  readonly split: CorpusSplit;
  /** What the person was generated from (base subject, sampled parameters of interest). */
  readonly about: Readonly<Record<string, string | number>>;
  readonly observations: readonly TimelineObservation[];
}
