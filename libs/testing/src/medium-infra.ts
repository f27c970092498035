import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { ProvidedContext } from 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    /** Brokers of the one Kafka the medium tier's global setup started for this run. */
    shujiKafkaBrokers: string[];
    /** URL of the one PostgreSQL the medium tier's global setup started for this run (its maintenance database). */
    shujiPostgresUrl: string;
  }
}

/** vitest's inject, loaded lazily so that benches may import this lib outside vitest. */
async function injected<K extends 'shujiKafkaBrokers' | 'shujiPostgresUrl'>(key: K): Promise<ProvidedContext[K]> {
  const { inject } = await import('vitest');
  return inject(key);
}

/** Brokers of the run's shared Kafka (medium tier only); give each spec its own topics and consumer groups. */
export async function mediumKafkaBrokers(): Promise<string[]> {
  return injected('shujiKafkaBrokers');
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the run's shared PostgreSQL (medium tier only), so specs never see each other's rows. */
export async function freshDatabase(prefix = 'spec'): Promise<TestDatabase> {
  const serverUrl = await injected('shujiPostgresUrl');
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)),
  };
}

async function admin(serverUrl: string, act: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await act(client);
  } finally {
    await client.end();
  }
}
