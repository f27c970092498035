import { describe, expect, it } from 'vitest';
import { timePolicyError } from './time-policy.util';

const receivedAt = new Date('2026-03-01T12:00:00Z');

describe(timePolicyError.name, () => {
  it('should accept the past back to 1900 and up to 5 minutes of clock skew', () => {
    expect(timePolicyError('1900-01-01T00:00:00.000Z', receivedAt)).toBeUndefined();
    expect(timePolicyError('2026-03-01T12:05:00.000Z', receivedAt)).toBeUndefined();
  });

  it('should refuse a time more than 5 minutes ahead, naming the latest accepted', () => {
    expect(timePolicyError('2026-03-01T12:05:00.001Z', receivedAt)).toContain('is in the future: at most 5 min after the time of receipt (2026-03-01T12:05:00.000Z)');
    expect(timePolicyError('2026-09-01T12:00:00.000Z', receivedAt)).toContain('in the future');
  });

  it('should refuse the year 0001 and anything before 1900', () => {
    expect(timePolicyError('0001-01-01T00:00:00.000Z', receivedAt)).toContain('before 1900-01-01');
    expect(timePolicyError('1899-12-31T23:59:59.999Z', receivedAt)).toContain('before 1900-01-01');
  });
});
