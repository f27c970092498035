import { describe, expect, it } from 'vitest';
import { browserUtcOffset } from './health-plan';

describe(browserUtcOffset.name, () => {
  it('should write the browser clock east of UTC as ±HH:MM', () => {
    const at = (offsetMin: number): Date => ({ getTimezoneOffset: () => offsetMin }) as Date;
    expect([browserUtcOffset(at(0)), browserUtcOffset(at(-60)), browserUtcOffset(at(-330)), browserUtcOffset(at(300))]).toEqual(['+00:00', '+01:00', '+05:30', '-05:00']);
  });
});
