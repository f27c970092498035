/**
 * The warfarin calculator's request, checked field by field: each refusal names the field. Ranges: age as
 * the Hamberg 2007 model's (18–100 y); height and weight bounds of living adults (they are not used by the
 * model, but an impossible value is an error in the request); target INR 1.5–4 (the therapeutic ranges of
 * current guidelines lie within it).
 */
import { parseCyp2c9Genotype, parseVkorc1Genotype, type Cyp2c9Genotype, type Vkorc1Genotype } from '@shuji/models';
import { RecommendInputError } from '../shared/recommend-input.error';
import { numberIn, objectAt, onlyFields } from '../shared/request-fields.util';
import { WARFARIN_RACES, type WarfarinRace } from '@shuji/models';

export interface WarfarinDoseRequest {
  readonly ageYears: number;
  readonly heightCm: number;
  readonly weightKg: number;
  readonly cyp2c9: Cyp2c9Genotype | null;
  readonly vkorc1: Vkorc1Genotype | null;
  readonly race: WarfarinRace;
  readonly amiodarone: boolean;
  readonly enzymeInducer: boolean;
  readonly targetInr: number;
}

const FIELDS = ['age_years', 'height_cm', 'weight_kg', 'cyp2c9', 'vkorc1_1639', 'race', 'amiodarone', 'enzyme_inducer', 'target_inr'];

function number(body: Readonly<Record<string, unknown>>, field: string, lo: number, hi: number): number {
  return numberIn(body[field], field, lo, hi);
}

function flag(body: Readonly<Record<string, unknown>>, field: string): boolean {
  const value = body[field] ?? false;
  if (typeof value !== 'boolean') throw new RecommendInputError(field, 'must be true or false');
  return value;
}

function cyp2c9(value: unknown): Cyp2c9Genotype | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || !/^\s*\*[123]\s*\/\s*\*[123]\s*$/.test(value)) {
    throw new RecommendInputError('cyp2c9', 'must be null or a genotype of *1, *2, *3 such as "*1/*3"');
  }
  return parseCyp2c9Genotype(value);
}

function vkorc1(value: unknown): Vkorc1Genotype | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || !/^\s*[GA]\s*\/\s*[GA]\s*$/i.test(value)) {
    throw new RecommendInputError('vkorc1_1639', 'must be null, "G/G", "A/G" or "A/A"');
  }
  return parseVkorc1Genotype(value);
}

export function parseWarfarinDoseRequest(body: unknown): WarfarinDoseRequest {
  const record = objectAt(body, 'body');
  onlyFields(record, FIELDS);
  const race = record.race ?? 'mixed_or_unknown';
  if (typeof race !== 'string' || !(WARFARIN_RACES as readonly string[]).includes(race)) {
    throw new RecommendInputError('race', `must be one of ${WARFARIN_RACES.join(', ')} (or null)`);
  }
  return {
    ageYears: number(record, 'age_years', 18, 100),
    heightCm: number(record, 'height_cm', 100, 230),
    weightKg: number(record, 'weight_kg', 25, 300),
    cyp2c9: cyp2c9(record.cyp2c9),
    vkorc1: vkorc1(record.vkorc1_1639),
    race: race as WarfarinRace,
    amiodarone: flag(record, 'amiodarone'),
    enzymeInducer: flag(record, 'enzyme_inducer'),
    targetInr: number(record, 'target_inr', 1.5, 4),
  };
}
