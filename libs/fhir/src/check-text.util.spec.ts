import { describe, expect, it } from 'vitest';
import { textError } from './check-text.util';

describe(textError.name, () => {
  it.each([['dex\u0000com'], ['a\u0007b'], ['\u007f'], ['\ud800x'], ['x\udc00']])('should refuse %j naming the code point', (text) => {
    expect(textError(text)).toMatch(/holds the control character or unpaired surrogate U\+[0-9A-F]{4} at position \d+/);
  });

  it('should accept tab, line feed, carriage return, accents and paired surrogates (emoji)', () => {
    expect(textError('a\tb\r\nc — Müller 数基 🩸')).toBeUndefined();
  });

  it('should refuse text longer than the bound', () => {
    expect(textError('x'.repeat(33), 32)).toBe('is 33 characters long, at most 32 are allowed');
    expect(textError('x'.repeat(32), 32)).toBeUndefined();
  });
});
