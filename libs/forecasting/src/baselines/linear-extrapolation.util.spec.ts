import { describe, expect, it } from 'vitest';
import { linearExtrapolation } from './linear-extrapolation.util';

describe(linearExtrapolation.name, () => {
  it('should continue an exact line when the last 30 min lie on it', () => {
    const readings = Array.from({ length: 10 }, (_, k) => ({ t: 5 * k, v: 100 + 2 * 5 * k }));
    // tRef 45, slope 2 mg/dL/min: 190 + 2·30
    expect(linearExtrapolation(readings, 45, 30)).toBeCloseTo(250, 10);
  });

  it('should use only the readings of the window when older ones disagree', () => {
    const readings = [{ t: 0, v: 400 }, ...Array.from({ length: 7 }, (_, k) => ({ t: 60 + 5 * k, v: 120 - 5 * k }))];
    expect(linearExtrapolation(readings, 90, 60)).toBeCloseTo(90 - 60, 10);
  });

  it('should give the least-squares line when the readings scatter', () => {
    // (0, 0), (10, 20), (20, 10): mean (10, 10), slope 100 / 200 = 0.5; at 20 + 30 min: 10 + 0.5·40 = 30
    const readings = [{ t: 0, v: 0 }, { t: 10, v: 20 }, { t: 20, v: 10 }];
    expect(linearExtrapolation(readings, 20, 30)).toBeCloseTo(30, 12);
  });

  it('should fall back to persistence when one reading is in the window', () => {
    expect(linearExtrapolation([{ t: 0, v: 80 }, { t: 100, v: 130 }], 100, 60)).toBe(130);
  });

  it('should refuse when no reading is in the window', () => {
    expect(() => linearExtrapolation([{ t: 0, v: 80 }], 100, 30)).toThrow(/no reading/);
  });
});
