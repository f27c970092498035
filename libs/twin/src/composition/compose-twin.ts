/**
 * Which model components a person's twin gets, from what is known about them: conditions (SNOMED CT),
 * medications (ATC) and the data streams seen (LOINC). Each choice names what it explains and why it was
 * chosen. Only the T1D component is assimilated by the ensemble filter today; the others are chosen and
 * declared (model, observation codes) and left for their own components — `assimilated` says which.
 */
import { ObservationCodes, type ObservationCode } from './observation-codes';
import type { LoggedInput } from './twin-profile';

export interface TwinProfile {
  /** SNOMED CT condition codes, e.g. 46635009 type 1 diabetes mellitus. */
  readonly conditions: readonly string[];
  /** ATC codes of current medications, e.g. B01AA03 warfarin, C08CA01 amlodipine. */
  readonly medications: readonly string[];
  /** LOINC codes of observation streams seen so far. */
  readonly streams: readonly string[];
  /** CYP2C9 / VKORC1 genotype when known, e.g. { CYP2C9: '*1/*3', VKORC1: 'GA' }. */
  readonly genotype?: Readonly<Record<string, string>>;
  /** Kinds of known inputs logged (twin-profile.ts): meals, insulin, activity levels. */
  readonly inputs?: readonly LoggedInput[];
  /** Prior personal parameters for the T1D component (e.g. from a phenotype or a previous fit). */
  readonly t1dPrior?: Readonly<Record<string, number>>;
}

export interface ComponentChoice {
  readonly modelId: string;
  readonly reason: string;
  readonly explains: readonly ObservationCode[];
  readonly assimilated: boolean;
  /** Model-specific settings derived from the profile (e.g. the warfarin genotype). */
  readonly settings?: Readonly<Record<string, string>>;
}

export const Snomed = { type1Diabetes: '46635009', hypertension: '38341003' } as const;
export const Atc = { warfarin: 'B01AA03', amlodipine: 'C08CA01' } as const;

export function composeTwin(profile: TwinProfile): ComponentChoice[] {
  const choices: ComponentChoice[] = [];
  const hasStream = (code: ObservationCode): boolean => profile.streams.includes(code.loinc);
  const t1d = profile.conditions.includes(Snomed.type1Diabetes);
  if (t1d && (hasStream(ObservationCodes.cgmGlucose) || hasStream(ObservationCodes.capillaryGlucose))) {
    choices.push({
      modelId: 'uva-padova-s2008',
      reason: 'type 1 diabetes with glucose data',
      explains: [ObservationCodes.cgmGlucose, ObservationCodes.bloodGlucose, ObservationCodes.capillaryGlucose],
      assimilated: true,
    });
  }
  if (profile.medications.includes(Atc.warfarin)) {
    const g = profile.genotype ?? {};
    choices.push({
      modelId: 'hamberg-warfarin',
      reason: g.CYP2C9 !== undefined || g.VKORC1 !== undefined ? 'warfarin, genotype known' : 'warfarin, genotype unknown (wild-type prior)',
      explains: [ObservationCodes.inr],
      assimilated: false,
      settings: { CYP2C9: g.CYP2C9 ?? '*1/*1', VKORC1: g.VKORC1 ?? 'GG' },
    });
  }
  if (profile.medications.includes(Atc.amlodipine)) {
    choices.push({ modelId: 'amlodipine-bp', reason: 'antihypertensive (amlodipine)', explains: [ObservationCodes.systolicBp], assimilated: false });
  }
  if (hasStream(ObservationCodes.bodyWeight)) {
    choices.push({ modelId: 'hall-body-weight', reason: 'body-weight data', explains: [ObservationCodes.bodyWeight], assimilated: false });
  }
  return choices;
}
