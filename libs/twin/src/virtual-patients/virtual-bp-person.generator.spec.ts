import { AMLODIPINE, LISINOPRIL } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { ObservationCodes } from '../composition/observation-codes';
import { MS_PER_MIN } from '../state/twin-event';
import { virtualBpPerson } from './virtual-bp-person.generator';

describe(virtualBpPerson.name, () => {
  const options = { seed: 'spec', days: 100, startDay: 30, titrationDay: 60 };

  it('should read daily at home for even indices and weekly at the office for odd ones, systolic and diastolic', () => {
    const home = virtualBpPerson({ ...options, index: 0 });
    const office = virtualBpPerson({ ...options, index: 1 });
    const count = (events: typeof home.events, loinc: string): number => events.filter((e) => e.kind === 'observation' && e.loinc === loinc).length;
    expect([home.setting, office.setting]).toEqual(['home', 'office']);
    expect(count(home.events, ObservationCodes.systolicBp.loinc)).toBe(100);
    expect(count(home.events, ObservationCodes.diastolicBp.loinc)).toBe(100);
    expect(count(office.events, ObservationCodes.systolicBp.loinc)).toBe(15);
  });

  it('should start the standard dose on the start day and double it on the titration day, alternating the drug in pairs', () => {
    const person = virtualBpPerson({ ...options, index: 0 });
    const doses = person.events.filter((e) => e.kind === 'medication-dose');
    expect(doses).toHaveLength(70);
    expect(doses[0].timeMs).toBe(person.dayZeroMs + (30 * 1440 + 480) * MS_PER_MIN);
    expect(doses.map((d) => (d.kind === 'medication-dose' ? d.mg : 0))).toEqual([...new Array(30).fill(5), ...new Array(40).fill(10)]);
    expect([0, 1, 2, 3].map((index) => virtualBpPerson({ ...options, index }).drug)).toEqual([AMLODIPINE, AMLODIPINE, LISINOPRIL, LISINOPRIL]);
  });

  it('should lower the readings after the start by about the drug effect, and be a pure function of (seed, index)', () => {
    const people = Array.from({ length: 40 }, (_, index) => virtualBpPerson({ ...options, index: 2 * index }));
    const mean = (from: number, to: number): number => {
      const values = people.flatMap((p) => p.events.filter((e) => e.kind === 'observation' && e.loinc === '8480-6' && e.timeMs >= p.dayZeroMs + from * 1440 * MS_PER_MIN && e.timeMs < p.dayZeroMs + to * 1440 * MS_PER_MIN)).map((e) => (e.kind === 'observation' ? e.value : 0));
      return values.reduce((a, v) => a + v, 0) / values.length;
    };
    const drop = mean(0, 30) - mean(45, 60);
    expect(drop).toBeGreaterThan(4);
    expect(drop).toBeLessThan(16);
    expect(virtualBpPerson({ ...options, index: 3 })).toEqual(virtualBpPerson({ ...options, index: 3 }));
  });
});
