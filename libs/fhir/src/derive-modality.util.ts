import type { Modality } from './canonical-observation';
import type { CodeableConcept } from './fhir-types';
import { LOINC_TABLE } from './loinc-table';

/** R4 observation-category codes (http://terminology.hl7.org/CodeSystem/observation-category) → modality. */
const CATEGORY_MODALITY: Readonly<Record<string, Modality>> = {
  'vital-signs': 'vital',
  'vital-sign': 'vital', // seen in the wild (and in one Synthea bundle) instead of the official code
  laboratory: 'lab',
  activity: 'activity',
  survey: 'note',
  'social-history': 'note',
  exam: 'note',
  imaging: 'note',
  procedure: 'note',
  therapy: 'note',
};

/**
 * Which modality an observation is: a code that fixes its modality wins (CGM glucose, steps, carbohydrate
 * intake), then the FHIR category, then the code table's default, then `note`.
 */
export function deriveModality(loincCode: string | undefined, categories: readonly CodeableConcept[] | undefined): Modality {
  const entry = loincCode === undefined ? undefined : LOINC_TABLE[loincCode];
  if (entry?.modalityFromCode) return entry.modality;
  for (const category of categories ?? []) {
    for (const coding of category.coding ?? []) {
      const modality = coding.code === undefined ? undefined : CATEGORY_MODALITY[coding.code];
      if (modality !== undefined) return modality;
    }
  }
  return entry?.modality ?? 'note';
}
