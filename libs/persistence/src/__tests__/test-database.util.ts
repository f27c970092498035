import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredObservation } from '../stored-observation';

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

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
