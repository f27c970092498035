import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '@shuji/testing';
import { describe, expect, it } from 'vitest';
import type { CanonicalObservation } from './canonical-observation';
import { processBundle } from './process-bundle.util';

/**
 * The 20 shared Synthea R4 bundles (synthea-5-2019 export, outside the repo: only tests read them). The expected
 * counts are computed here by an independent walk over the raw JSON: one record per Observation value, one per
 * component. A Python count of the same files gives 3,055 Observations, 173 of them blood-pressure panels
 * 55284-4 with 2 components each, so 3,055 − 173 + 346 = 3,228 records; and 11 MedicationRequests of the drugs the
 * twin models become schedules.
 */
const DIR = sharedPath('fixtures', 'synthea-r4');

interface RawEntry {
  readonly resource: { readonly resourceType: string; readonly component?: readonly unknown[]; readonly [k: string]: unknown };
}

/** RxNorm clinical drugs of warfarin, hydrochlorothiazide and amlodipine in these bundles (the drugs the twin models). */
const MODELLED_RXNORM = new Set(['855332', '316049', '197361']);

function expectedRecords(entries: readonly RawEntry[]): number {
  const observations = entries
    .filter((e) => e.resource.resourceType === 'Observation')
    .reduce((n, e) => n + (Object.keys(e.resource).some((k) => k.startsWith('value')) ? 1 : 0) + (e.resource.component?.length ?? 0), 0);
  // one schedule per active or completed order of a modelled drug (Synthea writes intent "order", no dosage)
  const schedules = entries.filter((e) => {
    const r = e.resource as { resourceType: string; status?: string; intent?: string; medicationCodeableConcept?: { coding?: { code?: string }[] } };
    return r.resourceType === 'MedicationRequest' && ['active', 'completed'].includes(r.status ?? '') && r.intent === 'order' && (r.medicationCodeableConcept?.coding ?? []).some((c) => MODELLED_RXNORM.has(c.code ?? ''));
  }).length;
  return observations + schedules;
}

describe('Synthea R4 fixtures through processBundle', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  const bundles = files.map((f) => ({ file: f, json: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { entry: RawEntry[] } }));
  const receivedAt = new Date('2026-02-01T00:00:00Z');

  it('should find the 20 bundles', () => {
    expect(files).toHaveLength(20);
  });

  it('should normalise every Observation of every bundle with no error, components split', () => {
    const all: CanonicalObservation[] = [];
    let patients = 0;
    for (const { file, json } of bundles) {
      const result = processBundle(json, { receivedAt });
      if (result.kind === 'rejected') throw new Error(`${file}: ${JSON.stringify(result.outcome.issue.slice(0, 3))}`);
      const failed = result.response.entry?.filter((e) => !/^20[01] /.test(e.response?.status ?? '')) ?? [];
      expect(failed, file).toEqual([]);
      expect(result.observations, file).toHaveLength(expectedRecords(json.entry));
      patients += result.patients.length;
      all.push(...result.observations);
    }
    expect(all).toHaveLength(3228 + 11);
    expect(patients).toBe(20);
    expect(new Set(all.map((r) => r.eventId)).size).toBe(3228 + 11);
    // 11 prescriptions of hydrochlorothiazide, warfarin and amlodipine become schedules: one tablet a day
    const schedules = all.filter((r) => r.schedule !== undefined);
    expect(schedules).toHaveLength(11);
    expect(new Set(schedules.map((r) => r.schedule!.everyMin))).toEqual(new Set([1440]));
    expect(new Set(schedules.map((r) => `${r.code} ${r.value.kind === 'quantity' ? `${r.value.value} ${r.value.unit}` : ''}`))).toEqual(new Set(['316049 25 mg', '855332 5 mg', '197361 5 mg']));
    expect(all.filter((r) => r.code === '8480-6')).toHaveLength(173);
    expect(all.filter((r) => r.code === '8462-4')).toHaveLength(173);
    expect(all.some((r) => r.code === '55284-4')).toBe(false);
    // Every patient id is the Synthea uuid the patient came with; every subject resolved to one of them.
    const ids = new Set(bundles.map(({ json }) => (json.entry.find((e) => e.resource.resourceType === 'Patient')!.resource['id'] as string)));
    expect(all.every((r) => ids.has(r.patientId))).toBe(true);
    // Units: glucose in mg/dL, weight in kg, eGFR in the canonical per-1.73 m² unit.
    const units = (code: string) => new Set(all.filter((r) => r.code === code).map((r) => (r.value.kind === 'quantity' ? r.value.unit : r.value.kind)));
    expect(units('2339-0')).toEqual(new Set(['mg/dL']));
    expect(units('29463-7')).toEqual(new Set(['kg']));
    expect(units('33914-3')).toEqual(new Set(['mL/min/{1.73_m2}']));
    const modalities = new Set(all.map((r) => r.modality));
    expect(modalities).toEqual(new Set(['vital', 'lab', 'note', 'medication']));
  });

  it('should give identical event ids on a second pass (a re-posted bundle dedupes)', () => {
    const ids = (at: Date) => bundles.slice(0, 3).flatMap(({ json }) => {
      const r = processBundle(json, { receivedAt: at });
      return r.kind === 'processed' ? r.observations.map((o) => o.eventId) : [];
    });
    expect(ids(new Date('2030-01-01T00:00:00Z'))).toEqual(ids(receivedAt));
  });
});
