import { Loinc } from '@shuji/contracts';
import { UVA_PADOVA_PERSONAL_PARAMETERS } from '@shuji/models';

/**
 * Codes of the observations in the corpus and the tokeniser (LOINC where one exists; `shuji:` otherwise).
 * The tokeniser's vocabulary (models/<name>/tokenizer.json) lists these with their normalisation.
 */
export const OBSERVATION_CODES = {
  cgm: Loinc.cgmGlucose.code,
  carbs: Loinc.carbohydrateIntake.code,
  bolus: 'shuji:insulin-bolus',
  glucose: Loinc.bloodGlucose.code,
  glucoseSerum: Loinc.serumGlucose.code,
  hba1c: Loinc.hba1c.code,
  weight: Loinc.bodyWeight.code,
  bmi: Loinc.bmi.code,
  systolic: Loinc.systolicBp.code,
  diastolic: Loinc.diastolicBp.code,
  heartRate: Loinc.heartRate.code,
  inr: Loinc.inr.code,
  warfarinDose: 'shuji:warfarin-dose',
  amlodipineDose: 'shuji:amlodipine-dose',
  energyIntake: 'shuji:energy-intake',
} as const;

/**
 * One observation of a timeline. The one-letter keys are the corpus JSONL's wire format, which training/tokenizer.py
 * and the committed tokenizer fixtures read, so they stay short here too.
 */
export interface TimelineObservation {
  /** Observation code (OBSERVATION_CODES). */
  readonly c: string;
  /** Minutes from the person's start. */
  readonly t: number;
  /** Value in the code's canonical unit. */
  readonly v: number;
}

/** The parameters the FM's personalisation head predicts the logs of, in order: the twin's personal parameters. */
export const PERSONAL_PARAMETERS = UVA_PADOVA_PERSONAL_PARAMETERS;

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
