/** The tokeniser's vocabulary and shapes, read from models/<name>/tokenizer.json (shared with training/tokenizer.py). */
import { readFileSync } from 'node:fs';

export interface TokenizerCode {
  readonly code: string;
  readonly id: number;
  readonly mean: number;
  readonly std: number;
  readonly label?: string;
}

export interface TokenizerSpec {
  readonly max_tokens: number;
  readonly patch_minutes: number;
  readonly patch_slots: number;
  readonly cgm_code: string;
  readonly cgm_context_patches: number;
  readonly event_context_days: number;
  readonly quantiles: readonly number[];
  readonly cgm_horizons_min: readonly number[];
  readonly slow_codes: readonly string[];
  readonly slow_horizons_days: readonly number[];
  readonly codes: readonly TokenizerCode[];
  /** Codes whose most recent event in context always gets a token (optional; training/tokenizer.py). */
  readonly pinned_codes?: readonly string[];
  /** Codes summarised per window of `slow_patch_minutes` into patch tokens, at most `slow_context_patches` windows (optional). */
  readonly slow_patch_codes?: readonly string[];
  readonly slow_patch_minutes?: number;
  readonly slow_context_patches?: number;
}

export class TokenizerSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerSpecError';
  }
}

const POSITIVE_INTEGERS = ['max_tokens', 'patch_minutes', 'patch_slots', 'cgm_context_patches'] as const;

export function parseTokenizerSpec(json: unknown): TokenizerSpec {
  if (typeof json !== 'object' || json === null) throw new TokenizerSpecError('tokenizer.json: must be an object');
  const spec = json as TokenizerSpec;
  for (const field of POSITIVE_INTEGERS) {
    if (!Number.isInteger(spec[field]) || spec[field] <= 0) throw new TokenizerSpecError(`${field}: must be a positive integer`);
  }
  if (!Array.isArray(spec.codes) || spec.codes.length === 0) throw new TokenizerSpecError('codes: must be a non-empty array');
  spec.codes.forEach((c, i) => {
    if (!(c.std > 0) || !Number.isFinite(c.mean) || !(Number.isInteger(c.id) && c.id > 0)) {
      throw new TokenizerSpecError(`codes[${i}]: needs a positive integer id, a finite mean and a positive std`);
    }
  });
  const known = new Set(spec.codes.map((c) => c.code));
  if (spec.pinned_codes !== undefined && !Array.isArray(spec.pinned_codes)) throw new TokenizerSpecError('pinned_codes: must be an array');
  if (spec.slow_patch_codes !== undefined) {
    if (!Array.isArray(spec.slow_patch_codes)) throw new TokenizerSpecError('slow_patch_codes: must be an array');
    for (const field of ['slow_patch_minutes', 'slow_context_patches'] as const) {
      if (!Number.isInteger(spec[field]) || (spec[field] ?? 0) <= 0) throw new TokenizerSpecError(`${field}: must be a positive integer with slow_patch_codes`);
    }
    if (spec.slow_patch_codes.includes(spec.cgm_code)) throw new TokenizerSpecError('slow_patch_codes: must not hold the CGM code');
  }
  for (const code of [spec.cgm_code, ...spec.slow_codes, ...(spec.pinned_codes ?? []), ...(spec.slow_patch_codes ?? [])]) {
    if (!known.has(code)) throw new TokenizerSpecError(`code "${code}" is used but not in codes`);
  }
  return spec;
}

export function loadTokenizerSpec(path: string): TokenizerSpec {
  return parseTokenizerSpec(JSON.parse(readFileSync(path, 'utf8')));
}
