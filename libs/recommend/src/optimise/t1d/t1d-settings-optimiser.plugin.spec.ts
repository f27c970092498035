import { describe, expect, it } from 'vitest';
import { roundTowards } from './t1d-settings-optimiser.plugin';

describe(roundTowards.name, () => {
  it('should round onto the grid towards the current value, so a rounded step is never longer', () => {
    expect(roundTowards(12.06, 10.05, 0.1)).toBe(12);
    expect(roundTowards(8.04, 10.05, 0.1)).toBe(8.1);
    expect(roundTowards(0.8712, 0.726, 0.01)).toBe(0.87);
  });

  it('should keep the current value itself as it is, even off the grid', () => {
    expect(roundTowards(10.37, 10.37, 0.1)).toBe(10.37);
  });

  it('should keep a value already on the grid', () => {
    expect(roundTowards(12.3, 10, 0.1)).toBe(12.3);
    expect(roundTowards(45, 50, 1)).toBe(45);
  });
});
