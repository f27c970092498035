import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { withTimeout } from '@shuji/config';
import { Kafka, logLevel, type Admin } from 'kafkajs';

export const BUS_PROBE = Symbol('BUS_PROBE');

/** Answers whether the bus takes messages now: resolves, or rejects with why not. */
export interface BusProbe {
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Kafka: the cluster answers a metadata request within `timeoutMs` (one admin connection, kept). */
export function kafkaBusProbe(brokers: readonly string[], clientId: string, timeoutMs = 2_000): BusProbe {
  let admin: Admin | undefined;
  const check = async (): Promise<void> => {
    admin ??= new Kafka({ clientId: `${clientId}-health`, brokers: [...brokers], logLevel: logLevel.NOTHING, connectionTimeout: timeoutMs, requestTimeout: timeoutMs, retry: { retries: 0 } }).admin();
    await admin.connect();
    await admin.describeCluster();
  };
  return {
    check: () =>
      withTimeout(check(), timeoutMs, 'bus').catch(async (error: unknown) => {
        // a fresh connection next time: kafkajs' admin does not always recover from a broker restart
        await admin?.disconnect().catch(() => undefined);
        admin = undefined;
        throw error;
      }),
    close: async () => {
      await admin?.disconnect().catch(() => undefined);
    },
  };
}

/** The in-process bus: its journal directory is still writable (no journal: always up). */
export function inProcessBusProbe(journalDir?: string): BusProbe {
  return {
    check: async () => {
      if (journalDir !== undefined) await access(journalDir, constants.W_OK);
    },
    close: async () => undefined,
  };
}
