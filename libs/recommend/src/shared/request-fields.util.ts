import { RecommendInputError } from './recommend-input.error';

/** A JSON object of a request, or a RecommendInputError naming `field`. */
export function objectAt(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RecommendInputError(field, 'must be a JSON object');
  return value as Record<string, unknown>;
}

/** Refuses a key of `record` outside `fields`, named `<prefix><key>`. */
export function onlyFields(record: Readonly<Record<string, unknown>>, fields: readonly string[], prefix = ''): void {
  const unknown = Object.keys(record).find((key) => !fields.includes(key));
  if (unknown !== undefined) throw new RecommendInputError(`${prefix}${unknown}`, `is not a field here (fields: ${fields.join(', ')})`);
}

/** A finite number in [lo, hi], or a RecommendInputError naming `field`. */
export function numberIn(value: unknown, field: string, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) {
    throw new RecommendInputError(field, `must be a number in [${lo}, ${hi}]`);
  }
  return value;
}

/** A JSON array of at most `max` items (at least `min`), or a RecommendInputError naming `field`. */
export function arrayAt(value: unknown, field: string, min: number, max: number): readonly unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) throw new RecommendInputError(field, `must be an array of ${min} to ${max} items`);
  return value;
}
