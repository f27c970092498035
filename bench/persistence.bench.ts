/**
 * `npm run bench:persistence [-- --rows 45000]`: ObservationRepository.insertMany throughput on an embedded PostgreSQL
 * in a temp dir (free port), after a 5,000-row warm-up; the design target is ≥ 20,000 rows/s (issue 2). Rates are a
 * bench's business, not a test's: a loaded CI box must not turn them into a red build.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ObservationRepository, openDatabase, type StoredObservation } from '@shuji/persistence';
import { freePort } from '@shuji/testing';

const observation = (n: number): StoredObservation => ({
  eventId: `bench-${n}`,
  patientId: `p-${n % 500}`,
  codeSystem: 'http://loinc.org',
  code: '2339-0',
  display: 'Glucose',
  value: { kind: 'quantity', value: 90 + (n % 50), unit: 'mg/dL' },
  effectiveTime: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
  receivedTime: '2026-02-01T00:00:00.000Z',
  source: 'bench',
  modality: 'lab',
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '45000' } } });
  const rows = Number(values.rows);
  const dir = await mkdtemp(join(tmpdir(), 'shuji-bench-pg-'));
  const db = await openDatabase({ dataDir: dir, embeddedPort: await freePort(), poolSize: 6 });
  try {
    const sut = new ObservationRepository(db.dataSource);
    await sut.insertMany(Array.from({ length: 5_000 }, (_, n) => observation(rows + n))); // warm the pool and the plan
    const events = Array.from({ length: rows }, (_, n) => observation(n));
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const inserted = await sut.insertMany(events);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    console.log(`${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}`);
    console.log(`ObservationRepository.insertMany: ${inserted} rows in ${seconds.toFixed(2)} s = ${Math.round(inserted / seconds)} rows/s (client CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
