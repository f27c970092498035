import { describe, expect, it } from 'vitest';
import { dosesOfDrug, plannedDoseAdherence, type KnownInputs } from './known-inputs';

const DAY = 1440;
const inputs = (extra: Partial<KnownInputs>): KnownInputs => ({ meals: [], boluses: [], basal: [], ...extra });

describe(dosesOfDrug.name, () => {
  it('should plan a schedule\'s doses inside the window and its bounds, for its drug only', () => {
    const schedule = { startMin: 8 * 60, atc: 'C08CA01', mg: 5, everyMin: DAY, endMin: 8 * 60 + 3 * DAY };
    const doses = dosesOfDrug(inputs({ schedules: [schedule, { ...schedule, atc: 'B01AA03' }] }), 'C08CA01', 0, 10 * DAY);
    expect(doses).toEqual([0, 1, 2].map((d) => ({ tMin: 8 * 60 + d * DAY, mg: 5, planned: true })));
    expect(dosesOfDrug(inputs({ schedules: [schedule] }), 'C08CA01', 8 * 60 + DAY, 10 * DAY).map((d) => d.tMin)).toEqual([8 * 60 + 2 * DAY]);
  });

  it('should count a recorded dose instead of the planned one it stands for, and keep recorded doses outside schedules', () => {
    const schedule = { startMin: 0, atc: 'C08CA01', mg: 5, everyMin: DAY };
    const doses = dosesOfDrug(inputs({ schedules: [schedule], doses: [{ tMin: DAY + 90, atc: 'C08CA01', mg: 10 }] }), 'C08CA01', -1, 3 * DAY - 1);
    expect(doses).toEqual([
      { tMin: 0, mg: 5, planned: true },
      { tMin: DAY + 90, mg: 10, planned: false },
      { tMin: 2 * DAY, mg: 5, planned: true },
    ]);
  });
});

describe(plannedDoseAdherence.name, () => {
  it.each([8, 64, 256])('should spread %i members evenly over 0.6–1.0, each stratum once', (n) => {
    const values = Array.from({ length: n }, (_, k) => plannedDoseAdherence(k, n));
    expect(values.reduce((a, b) => a + b, 0) / n).toBeCloseTo(0.8, 12);
    expect(new Set(values.map((v) => Math.round((v - 0.6) / (0.4 / n) - 0.5))).size).toBe(n);
    expect(Math.min(...values)).toBeGreaterThan(0.6);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});
