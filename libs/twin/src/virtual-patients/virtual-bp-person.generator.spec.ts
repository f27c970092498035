import { AMLODIPINE, LISINOPRIL } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { ObservationCodes } from '../composition/observation-codes';
import { MS_PER_MIN } from '../state/twin-event';
import { BP_MISSPECIFICATION, virtualBpPerson } from './virtual-bp-person.generator';

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

  it('should log the prescription as a daily schedule from the start, ended at the titration by one of the doubled dose', () => {
    const person = virtualBpPerson({ ...options, index: 0 });
    const at = (day: number): number => person.dayZeroMs + (day * 1440 + 480) * MS_PER_MIN;
    const base = { patientId: person.patientId, kind: 'medication-schedule', atc: AMLODIPINE.atc, everyMin: 1440 };
    expect(person.events.filter((e) => e.kind === 'medication-dose')).toEqual([]);
    expect(person.events.filter((e) => e.kind === 'medication-schedule')).toEqual([
      { ...base, id: `${person.patientId}-rx-start`, timeMs: at(30), mg: 5, endMs: at(60) },
      { ...base, id: `${person.patientId}-rx-titration`, timeMs: at(60), mg: 10 },
    ]);
    expect(virtualBpPerson({ ...options, titrationDay: undefined, index: 0 }).events.filter((e) => e.kind === 'medication-schedule')).toEqual([
      { ...base, id: `${person.patientId}-rx-start`, timeMs: at(30), mg: 5 },
    ]);
  });

  it('should record every prescribed tablet as a dose with doseLog tablets, alternating the drug in pairs', () => {
    const person = virtualBpPerson({ ...options, index: 0, doseLog: 'tablets' });
    expect(person.events.filter((e) => e.kind === 'medication-schedule')).toEqual([]);
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

  describe('misspecification', () => {
    const systolic = (p: ReturnType<typeof virtualBpPerson>): { day: number; value: number }[] =>
      p.events.flatMap((e) => (e.kind === 'observation' && e.loinc === '8480-6' ? [{ day: Math.floor((e.timeMs - p.dayZeroMs) / (1440 * MS_PER_MIN)), value: e.value }] : []));

    it('should keep the prescription in the log and the person the same while tablets are missed, raising the pressure', () => {
      const people = Array.from({ length: 20 }, (_, k) => 2 * k).map((index) => ({
        plain: virtualBpPerson({ ...options, index }),
        missed: virtualBpPerson({ ...options, index, misspecification: { adherence: BP_MISSPECIFICATION.adherence } }),
      }));
      let raised = 0;
      for (const { plain, missed } of people) {
        expect(missed.events.filter((e) => e.kind === 'medication-schedule')).toEqual(plain.events.filter((e) => e.kind === 'medication-schedule'));
        expect({ ...missed.truth, takenShare: 1 }).toEqual({ ...plain.truth, takenShare: 1 });
        expect(missed.truth.takenShare).toBeGreaterThan(0.5);
        expect(missed.truth.takenShare).toBeLessThan(1);
        const sum = (p: typeof plain): number => systolic(p).filter((r) => r.day >= 30).reduce((a, r) => a + r.value, 0);
        // before the start the readings are identical (the same noise)
        expect(systolic(missed).filter((r) => r.day < 30)).toEqual(systolic(plain).filter((r) => r.day < 30));
        if (sum(missed) > sum(plain)) raised++;
      }
      expect(raised).toBe(20);
    });

    it('should raise SBP by the NSAID rise during the course only, the drug absent from the log', () => {
      const plain = virtualBpPerson({ ...options, index: 4 });
      const sut = virtualBpPerson({ ...options, index: 4, misspecification: { nsaid: { share: 1, sbpRiseMmHg: [5, 5], weeks: [3, 3] } } });
      expect(sut.truth.nsaid).toMatchObject({ sbpRise: 5, toDay: (sut.truth.nsaid?.fromDay ?? 0) + 21 });
      expect(sut.events.filter((e) => e.kind === 'medication-schedule')).toEqual(plain.events.filter((e) => e.kind === 'medication-schedule'));
      const course = sut.truth.nsaid ?? { fromDay: 0, toDay: 0 };
      const before = systolic(plain);
      systolic(sut).forEach((r, k) => {
        const during = r.day >= course.fromDay && r.day < course.toDay;
        expect(Math.abs(r.value - before[k].value - (during ? 5 : 0))).toBeLessThanOrEqual(during ? 1 : 0);
      });
      expect(virtualBpPerson({ ...options, index: 4, misspecification: BP_MISSPECIFICATION })).toEqual(virtualBpPerson({ ...options, index: 4, misspecification: BP_MISSPECIFICATION }));
    });
  });
});
