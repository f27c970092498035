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
