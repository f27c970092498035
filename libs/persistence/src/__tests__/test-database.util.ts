import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredObservation } from '../stored-observation';

export async function tempDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'shuji-pg-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A quantity observation; `n` makes it unique, `patient` and `code` pick the series. */
export function observationFactory(n: number, patient = 'patient-1', code = '2339-0', time = new Date(Date.UTC(2026, 0, 1) + n * 60_000)): StoredObservation {
  return {
    eventId: `evt-${patient}-${code}-${n}`,
    patientId: patient,
    codeSystem: 'http://loinc.org',
    code,
    display: 'Glucose',
    value: { kind: 'quantity', value: 90 + (n % 50), unit: 'mg/dL' },
    effectiveTime: time.toISOString(),
    receivedTime: '2026-02-01T00:00:00.000Z',
    source: 'test',
    modality: 'lab',
  };
}
