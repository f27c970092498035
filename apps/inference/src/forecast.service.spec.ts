import { basename, join } from 'node:path';
import {
  decodeMessage,
  encodeMessage,
  ForecastPublishedSchema,
  fromTimestamp,
  ObservationRecordedSchema,
  SCHEMA_VERSION,
  toTimestamp,
  Topics,
  TwinUpdatedSchema,
} from '@shuji/contracts';
import { FoundationModel } from '@shuji/foundation-model';
import { EventPublisher, type BusClient, type OutgoingMessage } from '@shuji/messaging';
import { of } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ForecastNotFoundError, ForecastService } from './forecast.service';
import { ObservationTimelineStore } from './observation-timeline.store';

const MODEL_DIR = process.env.SHUJI_FM_TEST_MODEL_DIR ?? join(__dirname, '..', '..', '..', 'models', 'shuji-fm-v2');
// the model's name is its folder's (FoundationModel.load), so SHUJI_FM_TEST_MODEL_DIR can point at any model
const MODEL_NAME = basename(MODEL_DIR);
const START = Date.parse('2026-03-01T06:00:00Z');

function observation(patientId: string, minutes: number, mgdl: number, code = '99504-3'): Buffer {
  return encodeMessage(ObservationRecordedSchema, {
    header: { eventId: `obs-${patientId}-${minutes}-${code}`, schemaVersion: SCHEMA_VERSION, patientId, effectiveTime: toTimestamp(new Date(START + minutes * 60000)) },
    code: { system: 'http://loinc.org', code },
    value: { case: 'numericValue', value: mgdl },
    unit: 'mg/dL',
  });
}

function twinUpdated(patientId: string, revision: bigint): Buffer {
  return encodeMessage(TwinUpdatedSchema, { header: { eventId: `twin-${patientId}-${revision}`, schemaVersion: SCHEMA_VERSION, patientId }, modelId: 'uva-padova-s2008@1', revision });
}

const sent: { topic: string; message: OutgoingMessage }[] = [];
const fakeClient = {
  emit: (topic: string, message: OutgoingMessage) => {
    sent.push({ topic, message });
    return of(undefined);
  },
} as unknown as BusClient;

describe(ForecastService.name, () => {
  let model: FoundationModel;
  let sut: ForecastService;

  beforeAll(async () => {
    model = await FoundationModel.load({ modelDir: MODEL_DIR, maxWaitMs: 1 });
    sut = new ForecastService(model, new ObservationTimelineStore(), new EventPublisher(fakeClient));
  });
  beforeEach(() => {
    sent.length = 0;
  });
  afterAll(async () => model.close());

  it('should forecast CGM quantiles at 30/60/120 min when a twin update follows CGM observations', async () => {
    // a rising trace, 5-min readings over 4 h, delivered out of order at the end
    const minutes = Array.from({ length: 48 }, (_, i) => 5 * i);
    for (const m of [...minutes.slice(0, 40), ...minutes.slice(40).reverse()]) sut.onObservationRecorded(observation('p1', m, 110 + 0.3 * m));
    const forecast = await sut.onTwinUpdated(twinUpdated('p1', 7n));
    expect(forecast?.forecastTime).toBe(new Date(START + 235 * 60000).toISOString());
    const cgm = forecast?.entries.filter((e) => e.code === '99504-3') ?? [];
    expect(cgm.map((e) => e.horizonMin)).toEqual([30, 60, 120]);
    for (const entry of cgm) {
      expect(entry.levels).toEqual([0.1, 0.5, 0.9]);
      const [q10, q50, q90] = entry.values;
      expect(q10).toBeLessThanOrEqual(q50);
      expect(q50).toBeLessThanOrEqual(q90);
      expect(q50).toBeGreaterThan(40);
      expect(q50).toBeLessThan(400);
    }
    expect(forecast?.entries.some((e) => e.code === '29463-7')).toBe(false); // no weight history, no weight forecast
    expect(sut.latestFor('p1').twinRevision).toBe('7');

    // published once on the bus, keyed by the person, with the same quantiles
    expect(sent.map((s) => [s.topic, s.message.key])).toEqual([[Topics.forecastPublished, 'p1']]);
    const published = decodeMessage(ForecastPublishedSchema, sent[0].message.value);
    expect(published.header?.eventId).toBe(`forecast-published:p1:${MODEL_NAME}:7`);
    expect(published.header?.patientId).toBe('p1');
    expect(published.model).toBe(MODEL_NAME);
    expect(published.twinRevision).toBe(7n);
    expect(fromTimestamp(published.forecastTime)?.toISOString()).toBe(forecast?.forecastTime);
    expect(published.entries.map((e) => [e.code, e.horizonMin, e.unit])).toEqual(cgm.map((e) => [e.code, e.horizonMin, 'mg/dL']));
    expect(published.entries[0].values).toEqual(cgm[0].values);
    expect(published.entries[0].levels).toEqual([0.1, 0.5, 0.9]);
  });

  it('should forecast a person with CGM as if their blood-glucose readings were not there (the FM never saw both)', async () => {
    for (const p of ['g1', 'g2']) for (let m = 0; m < 240; m += 5) sut.onObservationRecorded(observation(p, m, 120 + 0.2 * m));
    for (const m of [60, 180]) sut.onObservationRecorded(observation('g2', m, 95, '2339-0'));
    const [plain, withLab] = await Promise.all([sut.onTwinUpdated(twinUpdated('g1', 1n)), sut.onTwinUpdated(twinUpdated('g2', 1n))]);
    expect(withLab?.entries.length).toBeGreaterThan(0);
    expect(withLab?.entries).toEqual(plain?.entries);
  });

  it('should publish nothing new when a twin update is redelivered or older than one already forecast', async () => {
    for (let m = 0; m < 120; m += 5) sut.onObservationRecorded(observation('r1', m, 140));
    await sut.onTwinUpdated(twinUpdated('r1', 5n));
    await sut.onTwinUpdated(twinUpdated('r1', 5n));
    await sut.onTwinUpdated(twinUpdated('r1', 4n));
    await sut.onTwinUpdated(twinUpdated('r1', 6n));
    const revisions = sent.map((s) => decodeMessage(ForecastPublishedSchema, s.message.value).twinRevision);
    expect(revisions).toEqual([5n, 6n]);
    expect(sut.latestFor('r1').twinRevision).toBe('6');
  });

  it('should batch forecasts of persons updated together', async () => {
    for (let p = 0; p < 8; p++) for (let m = 0; m < 120; m += 5) sut.onObservationRecorded(observation(`b${p}`, m, 100 + p * 10));
    const before = model.batchSizes.length;
    const results = await Promise.all(Array.from({ length: 8 }, (_, p) => sut.onTwinUpdated(twinUpdated(`b${p}`, 1n))));
    expect(results.every((r) => r !== undefined)).toBe(true);
    expect(model.batchSizes.slice(before)).toEqual([8]);
  });

  it('should say there is no forecast for a person never seen', () => {
    expect(() => sut.latestFor('nobody')).toThrow(ForecastNotFoundError);
  });
});

describe('ForecastService at shutdown', () => {
  it('should release the model (its sessions and worker threads) when the application shuts down', async () => {
    let closed = 0;
    const model = { close: async () => void closed++ } as unknown as FoundationModel;
    await new ForecastService(model, new ObservationTimelineStore(), new EventPublisher(fakeClient)).onApplicationShutdown();
    expect(closed).toBe(1);
  });
});
