import 'reflect-metadata';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadLetterTopicOf, Topics } from '@shuji/contracts';
import { InProcessBroker } from '@shuji/messaging';
import { DeadLetterRepository } from '@shuji/persistence';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { writeTestTokens } from '../support/access-tokens.testing';
import { useEmbeddedPlatform } from '../support/embedded-platform.testing';
import { pollReadiness, runDeviceStream, sleep, storageDiscrepancies, STORED_COPIES_SQL } from '../support/device-stream.testing';
import { waitFor } from '../support/http.testing';

/**
 * Nothing accepted is lost when the database dies: the embedded platform's PostgreSQL is SIGKILLed twice while six
 * senders stream 5,000 readings. The supervisor restarts it, consumers wait the outages out instead of
 * dead-lettering, readiness says 503 meanwhile, and every reading answered 2xx is stored exactly once.
 */
const access = writeTestTokens();
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-outage-'));
// a retry budget (3 attempts, 50 ms apart) far shorter than an outage: only waiting outages out keeps the readings
const env = { SHUJI_ACCESS_TOKENS_FILE: access.file, PORT: '0', SHUJI_DEMO: 'false', SHUJI_MAX_ATTEMPTS: '3', SHUJI_RETRY_BACKOFF_MS: '50' };
const embedded = useEmbeddedPlatform(dataDir, () => env);

function killPostgres(): void {
  const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
}

describe('embedded platform through database outages', () => {
  it('should store every acknowledged reading exactly once and dead-letter nothing when PostgreSQL is killed twice mid-stream', async () => {
    const { platform, url } = embedded;
    const readiness = pollReadiness(`${url}/health/ready`);
    const outages: { killedAt: number; downSeen: boolean; upAgainAt: number }[] = [];
    const chaos = (async () => {
      for (const at of [2_500, 2_500]) {
        await sleep(at);
        const killedAt = Date.now();
        killPostgres();
        await waitFor(async () => readiness.seen.at(-1)?.status, (s) => s === 503, 30_000, 20);
        await waitFor(async () => readiness.seen.at(-1)?.status, (s) => s === 200, 120_000, 50);
        outages.push({ killedAt, downSeen: readiness.seen.some((r) => r.at >= killedAt && r.status === 503), upAgainAt: Date.now() });
      }
    })();
    const stream = await runDeviceStream({ url, token: access.tokens.admin, senders: 6, readings: 5_000, batchSize: 10, everyMs: 120, patientPrefix: 'outage-p' });
    const streamEnded = Date.now();
    await chaos;
    await readiness.stop();

    expect(outages).toHaveLength(2);
    expect(outages.every((o) => o.downSeen)).toBe(true);
    // both outages began while readings were still arriving
    expect(outages.every((o) => o.killedAt < streamEnded)).toBe(true);
    const acknowledged = [...stream.acknowledged.values()].reduce((n, s) => n + s.size, 0);
    expect(acknowledged).toBe(5_000);

    const ds = platform.app.get(DataSource);
    const stored = async () => Number((await ds.query(`SELECT count(*) AS n FROM observations WHERE patient_id LIKE 'outage-p%'`))[0].n);
    await waitFor(stored, (n) => n >= acknowledged, 180_000, 250);
    await platform.app.get(InProcessBroker).whenIdle();
    const rows: { patient_id: string; t: string; copies: string }[] = await ds.query(STORED_COPIES_SQL, ['outage-p%']);
    expect(storageDiscrepancies(stream.acknowledged, rows)).toEqual({ duplicated: [], missing: [], unexpected: [] });

    expect(await platform.app.get(DeadLetterRepository).count()).toBe(0);
    const broker = platform.app.get(InProcessBroker);
    for (const topic of [Topics.ingestRequested, Topics.observationRecorded, deadLetterTopicOf(Topics.ingestRequested)]) {
      expect(broker.read(deadLetterTopicOf(topic)), deadLetterTopicOf(topic)).toEqual([]);
    }
  }, 600_000);
});
