import { plannedDoseAdherence, type TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { currentRegimen, memberDoses, parseDoseChange, type DoseChange } from './drug-regimen';
import type { WhatIfChange } from '../what-if-plugin';

const ATC = 'C08CA01';
const day = 86_400_000;
const t0 = Date.UTC(2026, 10, 1, 8);
const dose = (i: number, mg = 5): TwinEvent => ({ id: `d${i}`, patientId: 'p', timeMs: t0 + i * day, kind: 'medication-dose', atc: ATC, mg });

describe(currentRegimen.name, () => {
  it('should take the mean of the recorded doses of the last 14 days, and count the days with a dose', () => {
    const events = [0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13].map((i) => dose(i + 10));
    const sut = currentRegimen(events, ATC, t0 + 24 * day, 0);
    expect(sut.days).toBe(14);
    expect(sut.daysWithDose).toBe(12);
    expect(sut.mgPerDay).toBe(5);
    expect(sut.adherence).toBeCloseTo(12 / 14, 12);
    expect(sut.doseClockMin).toBe(8 * 60);
  });

  it('should take an open prescription as it is, and end it where consent for medications is withdrawn', () => {
    const schedule: TwinEvent = { id: 's', patientId: 'p', timeMs: t0, kind: 'medication-schedule', atc: ATC, mg: 10, everyMin: 1440 };
    expect(currentRegimen([schedule], ATC, t0 + 5 * day, 0)).toMatchObject({ mgPerDay: 10, adherence: null, days: 5 });
    expect(currentRegimen([schedule], ATC, t0 + 5 * day, 0).past.filter((d) => d.planned)).toHaveLength(5);
    const withdrawn: TwinEvent = { id: 'c', patientId: 'p', timeMs: t0 + 2 * day + 1, kind: 'consent', category: 'medications', granted: false };
    expect(currentRegimen([schedule, withdrawn], ATC, t0 + 5 * day, 0).mgPerDay).toBe(0);
  });
});

describe(memberDoses.name, () => {
  // a prescription of 5 mg a day since t0: planned doses count by the member's adherence
  const regimen = currentRegimen([{ id: 's', patientId: 'p', timeMs: t0, kind: 'medication-schedule', atc: ATC, mg: 5, everyMin: 1440 }], ATC, t0 + 1 * day - 60_000, 0);
  const startMin = (t0 + day - 60_000) / 60_000;
  const change = (value: DoseChange, startMs?: number, endMs?: number): WhatIfChange => ({ kind: 'amlodipine', field: 'x', value, startMs, endMs });

  it("should continue the current dose daily at the person's dose time, times the member's adherence", () => {
    const sut = memberDoses(regimen, [], 3, 8, startMin, startMin + 3 * 1440);
    expect(sut.map((d) => d.tMin - (t0 / 60_000))).toEqual([0, 1440, 2880, 4320]);
    expect(sut.every((d) => Math.abs(d.mg - 5 * plannedDoseAdherence(3, 8)) < 1e-12)).toBe(true);
  });

  it("should give the arm's dose inside its window, with its stated adherence", () => {
    const sut = memberDoses(regimen, [change({ mgPerDay: 10, adherence: 1 }, t0 + 2 * day, t0 + 3 * day)], 0, 8, startMin, startMin + 4 * 1440);
    const usual = 5 * plannedDoseAdherence(0, 8);
    expect(sut.map((d) => d.mg)).toEqual([usual, usual, 10, usual, usual]);
  });

  it('should not plan again a dose the log holds at the twin’s time', () => {
    const recorded = currentRegimen([0, 1, 2].map((i) => dose(i)), ATC, t0 + 2 * day, 0);
    const sut = memberDoses(recorded, [], 0, 8, (t0 + 2 * day) / 60_000, (t0 + 4 * day) / 60_000);
    expect(sut.map((d) => (d.tMin * 60_000 - t0) / day)).toEqual([0, 1, 2, 3]);
  });

  it('should continue a regimen read from recorded doses at its logged share of days', () => {
    const recorded = currentRegimen([0, 1, 3].map((i) => dose(i)), ATC, t0 + 4 * day - 60_000, 0);
    expect(memberDoses(recorded, [], 0, 8, startMin + 3 * 1440, startMin + 4 * 1440).at(-1)?.mg).toBeCloseTo(5 * 0.75, 12);
  });
});

describe(parseDoseChange.name, () => {
  it('should read a daily or weekly dose and refuse, naming the field, one above the limit', () => {
    expect(parseDoseChange({ mg_per_week: 35 }, 'c', 15, true)).toEqual({ mgPerDay: 5, adherence: null });
    expect(() => parseDoseChange({ mg_per_day: 12 }, 'arms[1].changes[0]', 10)).toThrow(/^arms\[1\]\.changes\[0\]\.mg_per_day: must be a number in \[0, 10\]/);
    expect(() => parseDoseChange({ mg_per_day: 5, adherence: 1.2 }, 'c', 10)).toThrow(/^c\.adherence: /);
    expect(() => parseDoseChange({ mg_per_day: 5, mg_per_week: 35 }, 'c', 10, true)).toThrow(/^c\.mg_per_week: /);
    expect(() => parseDoseChange({ mg: 5 }, 'c', 10)).toThrow(/^c\.mg: is not a field/);
  });
});
