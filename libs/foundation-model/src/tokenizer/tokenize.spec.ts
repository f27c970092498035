import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TimelineObservation } from '../corpus/observation-codes';
import { Tokenizer } from './tokenize';
import { loadTokenizerSpec, parseTokenizerSpec, TokenizerSpecError } from './tokenizer-spec';

const MODELS = join(__dirname, '..', '..', '..', '..', 'models');
const CONFIGS = join(__dirname, '..', '..', '..', '..', 'training', 'configs');
const MODEL_DIR = join(MODELS, 'shuji-fm-v2');
// every committed model's tokeniser and fixtures, and every training config's tokeniser that has fixtures of its own
// (training/configs/<name>.tokenizer-fixtures.json beside <name>.tokenizer.json: a candidate not yet in models/)
const FIXTURE_SOURCES = [
  ...readdirSync(MODELS)
    .filter((m) => existsSync(join(MODELS, m, 'tokenizer-fixtures.json')))
    .map((m) => [m, join(MODELS, m, 'tokenizer.json'), join(MODELS, m, 'tokenizer-fixtures.json')] as const),
  ...readdirSync(CONFIGS)
    .filter((f) => f.endsWith('.tokenizer-fixtures.json'))
    .map((f) => [f, join(CONFIGS, f.replace('.tokenizer-fixtures.json', '.tokenizer.json')), join(CONFIGS, f)] as const),
];

interface FixtureCase {
  readonly name: string;
  readonly t_ref: number;
  readonly observations: TimelineObservation[];
  readonly tokens: Record<'code' | 'values' | 'value_mask' | 'time' | 'pad_mask' | 'anchor' | 'anchor_mask', number[]>;
}

it('should find the committed tokeniser fixtures to check', () => {
  expect(FIXTURE_SOURCES.length).toBeGreaterThan(0);
});

describe.each(FIXTURE_SOURCES)(`${Tokenizer.name} of %s against the Python tokeniser`, (_, specPath, fixturePath) => {
  const fixtures = JSON.parse(readFileSync(fixturePath, 'utf8')) as { cases: FixtureCase[] };
  const sut = new Tokenizer(loadTokenizerSpec(specPath));

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

describe(`${Tokenizer.name} with pinned_codes`, () => {
  const base = loadTokenizerSpec(join(MODELS, 'shuji-fm-v3', 'tokenizer.json'));
  const weight = (t: number, v: number): TimelineObservation => ({ c: '29463-7', t, v });
  // a diet change at day 1, then 20 weigh-ins: more events than the 16 tokens of a person without CGM
  const timeline = [{ c: 'shuji:energy-intake', t: 1440, v: 9000 }, ...Array.from({ length: 20 }, (_, i) => weight(2880 + 1440 * i, 100 - i / 10))];
  const tRef = 2880 + 1440 * 19;

  it('should keep the most recent events only when nothing is pinned', () => {
    const got = new Tokenizer(base).tokenize(timeline, tRef);
    expect(Array.from(got.code)).not.toContain(14);
    expect(got.time[0]).toBeCloseTo((2880 + 1440 * 4 - tRef) / 60, 4);
  });

  it('should give the most recent pinned event a token, oldest first, and fill the rest with the most recent', () => {
    const got = new Tokenizer(parseTokenizerSpec({ ...base, pinned_codes: ['shuji:energy-intake'] })).tokenize(timeline, tRef);
    expect(got.code[0]).toBe(14);
    expect(got.time[0]).toBeCloseTo((1440 - tRef) / 60, 4);
    expect(Array.from(got.code.slice(1))).toEqual(Array.from({ length: 15 }, () => 6));
    expect(got.time[1]).toBeCloseTo((2880 + 1440 * 5 - tRef) / 60, 4);
    expect(got.time[15]).toBe(0);
  });

  it('should refuse a pinned code that is not in codes', () => {
    expect(() => parseTokenizerSpec({ ...base, pinned_codes: ['no:such-code'] })).toThrow(/no:such-code/);
  });
});

describe(`${Tokenizer.name} with slow_patch_codes`, () => {
  const base = loadTokenizerSpec(join(MODELS, 'shuji-fm-v3', 'tokenizer.json'));
  const spec = parseTokenizerSpec({ ...base, slow_patch_codes: ['29463-7'], slow_patch_minutes: 7 * 1440, slow_context_patches: 3 });
  const weight = (day: number, v: number): TimelineObservation => ({ c: '29463-7', t: day * 1440, v });
  const tRef = 30 * 1440;

  it('should put the weigh-ins of each week into one token, oldest week first, then the other events', () => {
    // weeks before tRef: k = 0 (days 23–30], k = 1 (16–23], k = 2 (9–16]; day 5 is older than the 3 patches
    const timeline = [weight(5, 90), weight(10, 100), weight(20, 95), weight(29, 80), { c: 'shuji:energy-intake', t: 1440, v: 9000 }];
    const got = new Tokenizer(spec).tokenize(timeline, tRef);
    expect(Array.from(got.code.slice(0, 5))).toEqual([6, 6, 6, 14, 0]);
    expect(Array.from(got.time.slice(0, 4)).map((x) => x + 0)).toEqual([-336, -168, 0, Math.fround((1440 - tRef) / 60)]);
    const S = base.patch_slots;
    // day 29 lies 6 of 7 days into window k = 0: slot ceil(6·S/7) − 1
    const slot = Math.ceil((6 * S) / 7) - 1;
    expect(got.valueMask[2 * S + slot]).toBe(1);
    expect(got.values[2 * S + slot]).toBeCloseTo((80 - 80) / 20, 6);
    expect(Array.from(got.valueMask.slice(2 * S, 3 * S)).reduce((a, b) => a + b)).toBe(1);
    // the anchor still holds the last weigh-in
    expect(got.anchor[1]).toBeCloseTo(0, 6);
    expect(got.anchorMask[1]).toBe(1);
  });

  it('should keep the most recent windows when the patches are more than the tokens', () => {
    const small = parseTokenizerSpec({ ...spec, max_tokens: 2 });
    const got = new Tokenizer(small).tokenize([weight(10, 100), weight(20, 95), weight(29, 80)], tRef);
    expect(Array.from(got.time).map((x) => x + 0)).toEqual([-168, 0]);
  });

  it('should refuse slow patches without a window length', () => {
    expect(() => parseTokenizerSpec({ ...spec, slow_patch_minutes: undefined })).toThrow(/slow_patch_minutes/);
  });
});

describe(`${Tokenizer.name} of a vocabulary without blood glucose (2339-0)`, () => {
  // the hybrid feeds the FM fingersticks as 2339-0; no corpus person with CGM has them (v3's card)
  const cgm = Array.from({ length: 48 }, (_, i): TimelineObservation => ({ c: '99504-3', t: 5 * i, v: 120 + i }));
  const fingersticks: TimelineObservation[] = [
    { c: '2339-0', t: 60, v: 131 },
    { c: '2339-0', t: 200, v: 97 },
  ];

  it('should ignore fingersticks when the vocabulary leaves the code out', () => {
    const sut = new Tokenizer(loadTokenizerSpec(join(CONFIGS, 'v3-p120-pin-nobg.tokenizer.json')));
    expect(sut.tokenize([...cgm, ...fingersticks], 235)).toEqual(sut.tokenize(cgm, 235));
  });

  it('should give fingersticks tokens when the code is in the vocabulary', () => {
    const sut = new Tokenizer(loadTokenizerSpec(join(CONFIGS, 'v3-p120-pin.tokenizer.json')));
    expect(Array.from(sut.tokenize([...cgm, ...fingersticks], 235).code).filter((c) => c === 4)).toHaveLength(2);
  });
});

describe('parseTokenizerSpec', () => {
  it('should refuse a spec with a non-positive max_tokens, naming the field', () => {
    const spec = JSON.parse(readFileSync(join(MODEL_DIR, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
    expect(() => parseTokenizerSpec({ ...spec, max_tokens: 0 })).toThrow(TokenizerSpecError);
    expect(() => parseTokenizerSpec({ ...spec, max_tokens: 0 })).toThrow(/max_tokens/);
  });
});
