/** Hand-made twin log events for the T1D what-if's specs: times as (day, "HH:MM") from 2026-11-02 00:00 UTC. */
import type { TwinEvent } from '@shuji/twin';

const DAY0 = Date.UTC(2026, 10, 2);
export const at = (day: number, clock: string): number => DAY0 + day * 86_400_000 + (Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3))) * 60_000;
let n = 0;
export const base = (timeMs: number) => ({ id: `e${n++}`, patientId: 'p', timeMs });
export const meal = (day: number, clock: string, carbsG: number): TwinEvent => ({ ...base(at(day, clock)), kind: 'meal', carbsG });
export const bolus = (day: number, clock: string, units: number): TwinEvent => ({ ...base(at(day, clock)), kind: 'insulin-bolus', units });
export const basal = (day: number, clock: string, unitsPerHour: number): TwinEvent => ({ ...base(at(day, clock)), kind: 'basal-rate', unitsPerHour });
export const cgm = (day: number, clock: string, value: number): TwinEvent => ({ ...base(at(day, clock)), kind: 'observation', loinc: '99504-3', unit: 'mg/dL', value });
