import { describe, expect, it } from 'vitest';
import { MS_PER_MIN } from '../state/twin-event';
import { nomogramDose, virtualInrPerson } from './virtual-inr-person.generator';

describe(virtualInrPerson.name, () => {
  it('should be a pure function of (seed, index), with its events in time order', () => {
    const sut = virtualInrPerson({ index: 3, seed: 'spec' });
    expect(virtualInrPerson({ index: 3, seed: 'spec' })).toEqual(sut);
    expect(virtualInrPerson({ index: 3, seed: 'other' }).truth.parameters).not.toEqual(sut.truth.parameters);
    expect(sut.events.every((e, k) => k === 0 || e.timeMs >= sut.events[k - 1].timeMs)).toBe(true);
  });

  it('should give genotype findings to even indices only, amiodarone to one in four, point-of-care INR to one in three', () => {
    const people = Array.from({ length: 12 }, (_, index) => virtualInrPerson({ index, seed: 'spec' }));
    people.forEach((p, index) => {
      expect(p.events.filter((e) => e.kind === 'genotype').length).toBe(index % 2 === 0 ? 2 : 0);
      expect(p.truth.amiodaroneFromDay !== undefined).toBe(index % 4 === 1);
      expect(p.loinc).toBe(index % 3 === 2 ? '34714-6' : '6301-6');
      // no event says amiodarone or a missed tablet: the data show the prescription only
      expect(p.events.some((e) => e.kind === 'medication-dose' && e.atc !== 'B01AA03')).toBe(false);
    });
  });

  it('should measure the INR every 3–14 days, change the dose at some visits and hold probes 3 and 7 days after each change', () => {
    const people = Array.from({ length: 8 }, (_, index) => virtualInrPerson({ index, seed: 'spec' }));
    for (const p of people) {
      const days = p.events.filter((e) => e.kind === 'observation').map((e) => (e.timeMs - p.dayZeroMs) / (1440 * MS_PER_MIN) - 9 / 24);
      expect(days.slice(0, 4)).toEqual([0, 3, 5, 7]);
      const gaps = days.slice(1).map((d, k) => d - days[k]);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(14);
      for (const probe of p.probes) expect(probe.timeMs - probe.originMs).toBe(probe.daysAfter * 1440 * MS_PER_MIN);
    }
    expect(people.reduce((s, p) => s + p.doseChangesMs.length, 0)).toBeGreaterThan(8);
  });
});

describe(nomogramDose.name, () => {
  it('should halve in the first week at INR ≥ 2, then step by 10–20 % outside 2–3 and hold a dose above 5', () => {
    expect(nomogramDose(3, 2.1, 5)).toEqual({ mg: 2.5, hold: false });
    expect(nomogramDose(3, 1.4, 5)).toEqual({ mg: 5, hold: false });
    expect(nomogramDose(10, 1.2, 5)).toEqual({ mg: 6, hold: false });
    expect(nomogramDose(10, 1.8, 5)).toEqual({ mg: 5.5, hold: false });
    expect(nomogramDose(10, 2.5, 5)).toEqual({ mg: 5, hold: false });
    expect(nomogramDose(10, 3.5, 5)).toEqual({ mg: 4.5, hold: false });
    expect(nomogramDose(10, 6, 5)).toEqual({ mg: 4, hold: true });
    expect(nomogramDose(10, 1.2, 15)).toEqual({ mg: 15, hold: false });
  });
});
