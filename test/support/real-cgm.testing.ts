/**
 * The real CGM of Hall et al. 2018 (../shared/data/cgm-hall-2018, CC BY 4.0) as GlucoBench prepares it, and the
 * platform's default forecast of it through the HTTP API, as a user gets it: the embedded platform (one process,
 * in-process bus, embedded PostgreSQL under a temporary data directory) started here; each person's readings posted
 * by a device principal to `POST /v1/ingest/observations` in time order; at every window's origin (after the
 * origin's reading is in the twin) `GET /v1/twins/:id/forecast?code=99504-3&horizon_min=60` asked by a clinician
 * principal, and its answer kept. Shared by `npm run validate:real-cgm` and test/forecasting/real-cgm.validation.spec.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { GLUCOBENCH_HALL_SEGMENTS, segmentCgm, type CgmSegment, type TwinForecast } from '@shuji/forecasting';
import { InProcessBroker } from '@shuji/messaging';
import { freePort, sharedPath } from '@shuji/testing';
import { startPlatform } from '../../apps/platform/src/index';
import { writeTestTokens } from './access-tokens.testing';
import { getJson, postJson } from './http.testing';

export const CGM_LOINC = '99504-3';

export interface HallPerson {
  readonly id: string;
  readonly segments: CgmSegment[];
}

/** Every person's readings, gridded and cut into segments as GlucoBench's Hall config does (cgm-segments.ts). */
export function loadHall(): HallPerson[] {
  const text = readFileSync(join(sharedPath('data/cgm-hall-2018'), 'cgm.csv'), 'utf8');
  const byId = new Map<string, { timeMs: number; value: number }[]>();
  for (const line of text.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const [, id, time, gl] = line.split(',').map((f) => f.replace(/"/g, ''));
    const list = byId.get(id) ?? [];
    list.push({ timeMs: Date.parse(`${time.replace(' ', 'T')}Z`), value: Number(gl) });
    byId.set(id, list);
  }
  return [...byId].map(([id, readings]) => ({ id, segments: segmentCgm(readings.sort((a, b) => a.timeMs - b.timeMs), GLUCOBENCH_HALL_SEGMENTS) }));
}

/** A scoring window: the forecast is asked once the reading at `end − 1` of `segment` is in. */
export interface WindowOrigin {
  readonly person: number;
  readonly segment: number;
  readonly end: number;
}

/** A person's patient id on the platform. */
export const hallPatientId = (person: HallPerson): string => `hall-${person.id}`;

/**
 * Posts every person's readings (the gridded series: one reading per 5 min) up to their last window's origin and asks
 * the forecast at each origin, through HTTP. Persons run one after another; each reading is posted alone from the
 * first origin on (a batch before), and the bus is drained before the forecast is asked. Returns the answers in
 * `origins`' order.
 */
export async function forecastsThroughApi(people: readonly HallPerson[], origins: readonly WindowOrigin[]): Promise<TwinForecast[]> {
  const ids = people.map(hallPatientId);
  const access = writeTestTokens({
    device: { id: 'device:cgm-hall', role: Role.Device, patients: ids },
    clinician: { id: 'clinician:hall', role: Role.Clinician, patients: ids },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'shuji-real-cgm-'));
  const platform = await startPlatform({ SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dataDir, SHUJI_PG_PORT: String(await freePort()), PORT: '0', SHUJI_DEMO: 'false' });
  const url = platform.url.replace('localhost', '127.0.0.1');
  const broker = platform.app.get(InProcessBroker);
  const answers = new Map<string, TwinForecast>();
  const key = (o: WindowOrigin): string => `${o.person}|${o.segment}|${o.end}`;
  try {
    for (const [p, person] of people.entries()) {
      const patientId = ids[p];
      const asked = origins.filter((o) => o.person === p);
      if (asked.length === 0) continue;
      const ends = new Set(asked.map(key));
      const lastSegment = Math.max(...asked.map((o) => o.segment));
      let batch: Record<string, unknown>[] = [];
      const flush = async (): Promise<void> => {
        for (let i = 0; i < batch.length; i += 500) {
          const res = await postJson(`${url}/v1/ingest/observations`, batch.slice(i, i + 500), 'application/json', access.tokens.device);
          if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
        batch = [];
        await broker.whenIdle();
      };
      for (const [s, seg] of person.segments.entries()) {
        if (s > lastSegment) break;
        for (let i = 0; i < seg.values.length; i++) {
          const time = new Date(seg.startMs + i * seg.stepMin * 60_000).toISOString();
          batch.push({ patient_id: patientId, code: CGM_LOINC, value: seg.values[i], unit: 'mg/dL', time, event_id: `${patientId}-${time}`, modality: 'cgm' });
          const origin = { person: p, segment: s, end: i + 1 };
          if (!ends.has(key(origin))) continue;
          await flush();
          const res = await getJson(`${url}/v1/twins/${patientId}/forecast?code=${CGM_LOINC}&horizon_min=60`, access.tokens.clinician);
          if (res.status !== 200) throw new Error(`forecast answered ${res.status}: ${JSON.stringify(res.body)}`);
          answers.set(key(origin), res.body as TwinForecast);
        }
      }
    }
  } finally {
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(access.file, { force: true });
  }
  return origins.map((o) => {
    const a = answers.get(key(o));
    if (a === undefined) throw new Error(`no forecast at ${key(o)}`);
    return a;
  });
}
