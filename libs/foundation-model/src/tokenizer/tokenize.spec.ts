import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TimelineObservation } from '../corpus/observation-codes';
import { Tokenizer } from './tokenize';
import { loadTokenizerSpec, parseTokenizerSpec, TokenizerSpecError } from './tokenizer-spec';

const MODELS = join(__dirname, '..', '..', '..', '..', 'models');
const MODEL_DIR = join(MODELS, 'shuji-fm-v2');
// every committed model's tokeniser and fixtures
const FIXTURE_DIRS = readdirSync(MODELS).map((m) => join(MODELS, m)).filter((d) => existsSync(join(d, 'tokenizer-fixtures.json')));

interface FixtureCase {
  readonly name: string;
  readonly t_ref: number;
  readonly observations: TimelineObservation[];
  readonly tokens: Record<'code' | 'values' | 'value_mask' | 'time' | 'pad_mask' | 'anchor' | 'anchor_mask', number[]>;
}

it('should find the committed tokeniser fixtures to check', () => {
  expect(FIXTURE_DIRS.length).toBeGreaterThan(0);
});

describe.each(FIXTURE_DIRS.map((d) => [d.split(/[\\/]/).pop() ?? d, d] as const))(`${Tokenizer.name} of %s against the Python tokeniser`, (_, dir) => {
  const fixtures = JSON.parse(readFileSync(join(dir, 'tokenizer-fixtures.json'), 'utf8')) as { cases: FixtureCase[] };
  const sut = new Tokenizer(loadTokenizerSpec(join(dir, 'tokenizer.json')));

  it('should have fixtures from the Python tokeniser covering the edge cases', () => {
    expect(fixtures.cases.length).toBeGreaterThanOrEqual(8);
  });

  // Exact equality: both sides compute in float64 and round once to float32.
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('should match the Python tokens exactly for %s', (_, c) => {
    const got = sut.tokenize(c.observations, c.t_ref);
    expect(Array.from(got.code)).toEqual(c.tokens.code);
    expect(Array.from(got.values)).toEqual(c.tokens.values);
    expect(Array.from(got.valueMask)).toEqual(c.tokens.value_mask);
    expect(Array.from(got.time).map((x) => x + 0)).toEqual(c.tokens.time.map((x) => x + 0));
    expect(Array.from(got.padMask)).toEqual(c.tokens.pad_mask);
    expect(Array.from(got.anchor)).toEqual(c.tokens.anchor);
    expect(Array.from(got.anchorMask)).toEqual(c.tokens.anchor_mask);
  });
});

describe(Tokenizer.name, () => {
  const sut = new Tokenizer(loadTokenizerSpec(join(MODEL_DIR, 'tokenizer.json')));

  it('should ignore observations after the forecast time', () => {
    const cgm = (t: number, v: number): TimelineObservation => ({ c: '99504-3', t, v });
    const past = sut.tokenize([cgm(0, 100), cgm(5, 110)], 5);
    const withFuture = sut.tokenize([cgm(0, 100), cgm(5, 110), cgm(10, 300)], 5);
    expect(withFuture).toEqual(past);
    expect(past.anchor[0]).toBeCloseTo((110 - 140) / 50, 6);
  });

  it('should put a reading at the window end in slot 5 of patch 0 and one 30 min earlier in patch 1', () => {
    const got = sut.tokenize(
      [
        { c: '99504-3', t: 970, v: 140 },
        { c: '99504-3', t: 1000, v: 190 },
      ],
      1000,
    );
    expect(Array.from(got.padMask.slice(0, 3))).toEqual([1, 1, 0]);
    expect(got.time[0]).toBeCloseTo(-0.5, 6);
    expect(got.valueMask[5]).toBe(1);
    expect(got.values[6 + 5]).toBeCloseTo(1, 6);
  });
});

describe('parseTokenizerSpec', () => {
  it('should refuse a spec with a non-positive max_tokens, naming the field', () => {
    const spec = JSON.parse(readFileSync(join(MODEL_DIR, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
    expect(() => parseTokenizerSpec({ ...spec, max_tokens: 0 })).toThrow(TokenizerSpecError);
    expect(() => parseTokenizerSpec({ ...spec, max_tokens: 0 })).toThrow(/max_tokens/);
  });
});
