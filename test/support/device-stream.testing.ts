/**
 * A steady stream of device readings from several concurrent senders, each a patient of its own, that behaves
 * like a well-made client: a 503 (or a refused connection) is retried with the same batch after Retry-After, any
 * other answer is final. It records what the platform acknowledged, so a test can count what must be stored.
 */
export interface DeviceStreamOptions {
  readonly url: string;
  readonly token: string;
  readonly senders: number;
  readonly readings: number;
  readonly batchSize: number;
  /** Pause between one sender's batches. */
  readonly everyMs: number;
  readonly patientPrefix: string;
}

export interface DeviceStreamResult {
  /** patient id → ISO times of the readings answered 2xx */
  readonly acknowledged: Map<string, Set<string>>;
  readonly statuses: Map<number, number>;
  readonly retries: number;
}

const START = Date.UTC(2026, 10, 1);

export async function runDeviceStream(o: DeviceStreamOptions): Promise<DeviceStreamResult> {
  const acknowledged = new Map<string, Set<string>>();
  const statuses = new Map<number, number>();
  let retries = 0;
  const perSender = Math.ceil(o.readings / o.senders);
  await Promise.all(
    Array.from({ length: o.senders }, async (_, s) => {
      const patient = `${o.patientPrefix}${s}`;
      const acked = new Set<string>();
      acknowledged.set(patient, acked);
      const total = Math.min(perSender, o.readings - s * perSender);
      for (let n = 0; n < total; n += o.batchSize) {
        const items = Array.from({ length: Math.min(o.batchSize, total - n) }, (_, k) => ({
          patient_id: patient,
          code: '8867-4',
          value: 50 + ((n + k) % 60),
          unit: '/min',
          time: new Date(START + (n + k) * 60_000).toISOString(),
          event_id: `${patient}-hr-${n + k}`,
          modality: 'wearable',
        }));
        for (;;) {
          const res = await fetch(`${o.url}/v1/ingest/observations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
            body: JSON.stringify(items),
          }).catch(() => undefined);
          const status = res?.status ?? 0;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          await res?.arrayBuffer();
          if (status === 503 || status === 0) {
            retries += 1;
            await sleep(Math.min(1_000, 1_000 * Number(res?.headers.get('retry-after') ?? 1)) / 4);
            continue;
          }
          if (status >= 200 && status < 300) for (const i of items) acked.add(i.time);
          break;
        }
        await sleep(o.everyMs);
      }
    }),
  );
  return { acknowledged, statuses, retries };
}

/** The SQL that lists, per stored reading of the stream's patients, how many copies of it are stored. */
export const STORED_COPIES_SQL = `SELECT patient_id, to_char(effective_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t, count(*) AS copies
  FROM observations WHERE patient_id LIKE $1 GROUP BY 1, 2`;

/** What is missing or stored more than once, given STORED_COPIES_SQL's rows: both empty when storage is exact. */
export function storageDiscrepancies(acknowledged: DeviceStreamResult['acknowledged'], rows: readonly { patient_id: string; t: string; copies: string | number }[]): { duplicated: string[]; missing: string[]; unexpected: string[] } {
  const stored = new Set(rows.map((r) => `${r.patient_id}@${r.t}`));
  const wanted = new Set([...acknowledged].flatMap(([patient, times]) => [...times].map((t) => `${patient}@${t}`)));
  return {
    duplicated: rows.filter((r) => Number(r.copies) !== 1).map((r) => `${r.patient_id}@${r.t}`),
    missing: [...wanted].filter((k) => !stored.has(k)),
    unexpected: [...stored].filter((k) => !wanted.has(k)),
  };
}

/** Polls a readiness URL until stopped; the statuses it saw, in order, with their times. */
export function pollReadiness(url: string, everyMs = 50): { seen: { at: number; status: number }[]; stop(): Promise<void> } {
  const seen: { at: number; status: number }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await fetch(url).catch(() => undefined);
      seen.push({ at: Date.now(), status: res?.status ?? 0 });
      await res?.arrayBuffer();
      await sleep(everyMs);
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
