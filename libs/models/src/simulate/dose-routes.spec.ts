import { describe, expect, it } from 'vitest';
import { dosesToSchedule } from './dose-routes';

const routes = {
  oral: { kind: 'add-to-state', state: 'Agut', scale: 1000 },
  iv: { kind: 'infusion', input: 'Rinf', durationMin: 30 },
} as const;

describe(dosesToSchedule.name, () => {
  it('should map a dose without route to the first route and convert minutes to hours', () => {
    expect(dosesToSchedule([{ t_min: 90, amount: 5 }], routes, 60)).toEqual([
      { kind: 'add-to-state', t: 1.5, state: 'Agut', amount: 5000 },
    ]);
  });

  it('should spread an infusion over its duration in model time (rate per hour)', () => {
    expect(dosesToSchedule([{ t_min: 60, amount: 10, route: 'iv' }], routes, 60)).toEqual([
      { kind: 'input-segment', input: 'Rinf', start: 1, end: 1.5, value: 20 },
    ]);
  });

  it('should name the dose when its route is unknown', () => {
    expect(() => dosesToSchedule([{ t_min: 0, amount: 1 }, { t_min: 0, amount: 1, route: 'im' }], routes, 1)).toThrow(
      'doses[1].route: "im" is not a route of this model (oral, iv)',
    );
  });
});
