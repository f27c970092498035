/**
 * Issue 14 item 6, reduced for CI: real CGM of people without insulin (Hall et al. 2018, ../shared/data/cgm-hall-2018,
 * CC BY 4.0) through the product's twin service with its component registry, forecast as the route does (default
 * method, no FM loaded: a person without insulin never gets the FM anyway). Four people, the last 192 points of each
 * as GlucoBench's test part; the first person's first 8 windows also through the HTTP API (the embedded platform,
 * test/support/real-cgm.testing.ts), which must answer exactly what the in-process call does. The full run with
 * every person through HTTP, the ridge AR, the FM and the paired tests is `npm run validate:real-cgm`
 * (docs/validation.md, "Real CGM").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLUCOBENCH_HALL_SEGMENTS, defaultHybridCalibration, forecastTwinReading, glucobenchScore, segmentCgm, type TwinForecast } from '@shuji/forecasting';
import { sharedPath } from '@shuji/testing';
import { DEFAULT_TWIN_SETTINGS, InMemoryTwinEventLog, InMemoryTwinSnapshotStore, ProfileComponentFactory, TwinService } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { twinComponentRegistry } from '../../apps/twin/src';
import { forecastsThroughApi, hallPatientId, loadHall, type WindowOrigin } from '../support/real-cgm.testing';

const CGM = '99504-3';
const PEOPLE = 4;
const TEST_POINTS = 192;
const START = 84;

interface Window {
  readonly truth: number[];
  readonly predicted: number[];
  readonly persistence: number[];
}

describe('real CGM without insulin (Hall 2018): the product default forecast', () => {
  const windows: Window[] = [];
  const layouts = new Set<string>();
  const fallbacks = new Set<string>();
  const firstAnswers: TwinForecast[] = [];
  const firstOrigins: WindowOrigin[] = [];
  let covered = 0;

  beforeAll(async () => {
    const text = readFileSync(join(sharedPath('data/cgm-hall-2018'), 'cgm.csv'), 'utf8');
    const byId = new Map<string, { timeMs: number; value: number }[]>();
    for (const line of text.split('\n').slice(1)) {
      if (line.trim() === '') continue;
      const [, id, time, gl] = line.split(',').map((f) => f.replace(/"/g, ''));
      byId.set(id, [...(byId.get(id) ?? []), { timeMs: Date.parse(`${time.replace(' ', 'T')}Z`), value: Number(gl) }]);
    }
    const service = new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), new ProfileComponentFactory(twinComponentRegistry({})), DEFAULT_TWIN_SETTINGS);
    for (const [k, [id, readings]] of [...byId.entries()].slice(0, PEOPLE).entries()) {
      const patientId = hallPatientId({ id, segments: [] });
      const segments = segmentCgm(readings.sort((a, b) => a.timeMs - b.timeMs), GLUCOBENCH_HALL_SEGMENTS);
      for (const [s, seg] of segments.entries()) {
        const firstEnd = s === segments.length - 1 ? seg.values.length - TEST_POINTS + START : Number.POSITIVE_INFINITY;
        for (let i = 0; i < seg.values.length; i++) {
          const timeMs = seg.startMs + i * 5 * 60_000;
          await service.handle({ kind: 'observation', id: `${patientId}-${timeMs}`, patientId, timeMs, loinc: CGM, value: seg.values[i], unit: 'mg/dL' });
          const end = i + 1;
          if (end < firstEnd || end + 12 > seg.values.length) continue;
          const engine = await service.get(patientId);
          layouts.add(engine.component.id);
          const answer = await forecastTwinReading(engine, CGM, { horizonMin: 60 }, 'hybrid', null, defaultHybridCalibration());
          fallbacks.add(answer.fallbackReason ?? answer.personalModel ?? '');
          if (k === 0 && firstAnswers.length < 8) {
            firstAnswers.push(answer);
            firstOrigins.push({ person: 0, segment: s, end });
          }
          if (seg.values[end + 11] >= answer.points[11].q10 && seg.values[end + 11] <= answer.points[11].q90) covered++;
          windows.push({ truth: Array.from(seg.values.subarray(end, end + 12)), predicted: answer.points.map((p) => p.mean), persistence: Array(12).fill(seg.values[i]) as number[] });
        }
      }
    }
  }, 60_000);

  it('should give them the damped-trend glucose twin, never the T1D model, and its personal forecast by default', () => {
    expect([...layouts]).toEqual(['glucose-damped-trend@1/twin.1']);
    expect([...fallbacks]).toEqual([expect.stringContaining('personal-cgm-forecast@3')]);
  });

  it('should answer through the HTTP API exactly what the product function answers in process', async () => {
    const person = loadHall()[0];
    expect(hallPatientId(person)).toBe(firstAnswers[0].patientId);
    const served = await forecastsThroughApi([person], firstOrigins);
    expect(served.map((a) => a.points)).toEqual(firstAnswers.map((a) => JSON.parse(JSON.stringify(a.points)) as unknown));
  }, 120_000);

  // measured 2026-12-04 21:20Z on these four people with the gate plus the person's daily pattern
  // (personal-cgm-forecast@3): GlucoBench √median MSE / MAE 7.73 / 6.31 against persistence's 8.00 / 6.83, 60-min RMSE
  // 19.35 against 20.62, 10–90 % interval covering 82.0 % at 60 min (the gate alone, @2: 7.76 / 6.15, 19.6, 82.0 %;
  // @1: 7.35 / 5.98, 18.8, 84.3 %); bounds keep a margin and fail on a regression beyond it
  it('should forecast 60 min ahead better than persistence, with honest 10–90 % intervals', () => {
    const rmse60 = (pick: (w: Window) => number[]): number => Math.sqrt(windows.reduce((s, w) => s + (pick(w)[11] - w.truth[11]) ** 2, 0) / windows.length);
    const twin = glucobenchScore(windows.map((w) => ({ truth: w.truth, predicted: w.predicted })));
    const persistence = glucobenchScore(windows.map((w) => ({ truth: w.truth, predicted: w.persistence })));
    expect(windows.length).toBe(PEOPLE * (TEST_POINTS - START - 11));
    expect(twin.rmse).toBeGreaterThan(7.4);
    expect(twin.rmse).toBeLessThan(Math.min(7.85, 0.985 * persistence.rmse));
    expect(twin.mae).toBeLessThan(Math.min(6.45, 0.95 * persistence.mae));
    expect(covered / windows.length).toBeGreaterThan(0.72);
    expect(covered / windows.length).toBeLessThan(0.9);
    expect(rmse60((w) => w.predicted)).toBeLessThan(0.96 * rmse60((w) => w.persistence));
  });
});
