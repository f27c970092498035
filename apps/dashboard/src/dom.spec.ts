import { describe, expect, it } from 'vitest';
import { ago } from './dom';

describe('ago', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  it('should say how long ago in the unit a person reads best', () => {
    expect(ago('2026-12-03T11:59:30Z', now)).toBe('just now');
    expect(ago('2026-12-03T11:55:00Z', now)).toBe('5 min ago');
    expect(ago('2026-12-03T09:00:00Z', now)).toBe('3 h ago');
    expect(ago('2026-11-29T12:00:00Z', now)).toBe('4 d ago');
    expect(ago('2019-09-03T12:00:00Z', now)).toBe('7.2 y ago');
    expect(ago('2026-12-03T12:05:00Z', now)).toBe('just now'); // a clock a little ahead is not "in the future"
  });
});
