/**
 * A whole person's data for the pipeline tests of issue 13: a virtual T1D person's CGM, meter readings, meals and
 * insulin (generateVirtualPatient) with, over the same days, a morning weight, office-style blood-pressure pairs,
 * amlodipine and warfarin doses, a daily INR and the CYP2C9/VKORC1 genotype reported two hours before the first
 * reading (so it reaches the twin before any reading starts it). Every value travels in its canonical unit, so the
 * twin receives exactly what was generated; `deviceItem` writes an event as the compact device format sends it.
 */
import { generateVirtualPatient, type TwinEvent, type VirtualPatient } from '@shuji/twin';
import { deviceItem as demoDeviceItem } from '../../apps/platform/src/index';

const HOUR_MS = 3_600_000;
const ATC = 'http://www.whocc.no/atc';
const SOURCE = 'whole-person-test';

export interface WholePerson {
  readonly patientId: string;
  readonly baseSubject: string;
  readonly startMs: number;
  /** Every event, time-ordered. */
  readonly events: readonly TwinEvent[];
}

/** A smooth deterministic wobble in [-1, 1] (the readings' "noise"; the test is about the pipeline, not the filter). */
const wobble = (k: number, salt: number): number => Math.sin(1.7 * k + 0.9 * salt) * Math.cos(0.6 * k - salt);

export function wholePerson(index: number, days: number, seed: number): WholePerson {
  const t1d: VirtualPatient = generateVirtualPatient({ index, days, seed });
  const patientId = t1d.patientId;
  const startMs = t1d.truth.timeMs[0]!;
  const events: TwinEvent[] = [...t1d.events];
  const at = (hours: number): number => startMs + hours * HOUR_MS;
  events.push({ kind: 'genotype', id: `${patientId}-cyp2c9`, patientId, timeMs: at(-2), gene: 'CYP2C9', result: index % 2 === 0 ? '*1/*3' : '*1/*1' });
  events.push({ kind: 'genotype', id: `${patientId}-vkorc1`, patientId, timeMs: at(-2), gene: 'VKORC1', result: 'GA' });
  for (let d = 0; d < days; d++) {
    const day = (hours: number): number => at(d * 24 + hours);
    events.push({ kind: 'observation', id: `${patientId}-weight-${d}`, patientId, timeMs: day(1), loinc: '29463-7', unit: 'kg', value: Math.round((82 - 0.08 * d + 0.3 * wobble(d, index)) * 10) / 10 });
    events.push({ kind: 'medication-dose', id: `${patientId}-amlodipine-${d}`, patientId, timeMs: day(2), atc: 'C08CA01', mg: 5 });
    for (const [k, hours] of [[0, 2.5], [1, 14.5]] as const) {
      const sbp = Math.round(152 - 1.5 * d - 3 * k + 4 * wobble(2 * d + k, index));
      events.push({ kind: 'observation', id: `${patientId}-sbp-${d}-${k}`, patientId, timeMs: day(hours), loinc: '8480-6', unit: 'mm[Hg]', value: sbp });
      events.push({ kind: 'observation', id: `${patientId}-dbp-${d}-${k}`, patientId, timeMs: day(hours), loinc: '8462-4', unit: 'mm[Hg]', value: Math.round(sbp * 0.6 + 2 * wobble(d + k, index + 1)) });
    }
    events.push({ kind: 'observation', id: `${patientId}-inr-${d}`, patientId, timeMs: day(3), loinc: '6301-6', unit: '{INR}', value: Math.round((1 + 0.35 * d + 0.1 * wobble(d, index + 2)) * 100) / 100 });
    events.push({ kind: 'medication-dose', id: `${patientId}-warfarin-${d}`, patientId, timeMs: day(12), atc: 'B01AA03', mg: 5 });
  }
  events.sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : 1));
  return { patientId, baseSubject: t1d.baseSubject, startMs, events };
}

/**
 * The event as one item of `POST /v1/ingest/observations` (the compact device format), its id as `event_id`: the demo's
 * writer for readings, meals and insulin, and here the drug doses (ATC, mg) and genotypes (84413-4) it never sends.
 */
export function deviceItem(e: TwinEvent): Record<string, unknown> {
  const base = { patient_id: e.patientId, time: new Date(e.timeMs).toISOString(), event_id: e.id, source: SOURCE };
  if (e.kind === 'medication-dose') return { ...base, code: `${ATC}|${e.atc}`, value: e.mg, unit: 'mg' };
  if (e.kind === 'genotype') return { ...base, code: '84413-4', value: `${e.gene} ${e.result}` };
  return demoDeviceItem(e, SOURCE);
}

/** The events of `people` in [fromMs, fromMs + spanMs), per person, as device batches. */
export function deviceBatches(people: readonly WholePerson[], fromMs: number, spanMs: number): Record<string, unknown>[][] {
  return people.map((p) => p.events.filter((e) => e.timeMs >= fromMs && e.timeMs < fromMs + spanMs).map(deviceItem)).filter((b) => b.length > 0);
}

