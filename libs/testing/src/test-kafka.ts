import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePortPair } from './free-port';

const run = promisify(execFile);
const KAFKA_DIR = resolve(__dirname, '..', '..', '..', 'infra', 'kafka');

/** A real single-node Kafka started from infra/kafka for a test run, on free ports and its own temp data dir. */
export interface TestKafka {
  readonly brokers: string[];
  stop(): Promise<void>;
}

/** Starts a broker on `port` (and its controller on port + 1), or on a free pair when no port is given. */
export async function startTestKafka(port?: number): Promise<TestKafka> {
  const brokerPort = port ?? (await freePortPair());
  const dataDir = mkdtempSync(join(tmpdir(), `shuji-kafka-${brokerPort}-`));
  const env = { ...process.env, KAFKA_DATA_DIR: dataDir };
  try {
    await run(join(KAFKA_DIR, 'start.sh'), [String(brokerPort)], { env, timeout: 240_000 });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    brokers: [`127.0.0.1:${brokerPort}`],
    async stop() {
      await run(join(KAFKA_DIR, 'stop.sh'), [String(brokerPort)], { env, timeout: 30_000 });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
