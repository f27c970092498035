/**
 * Issue 14 item 6, reduced for CI: real CGM of people without insulin (Hall et al. 2018, ../shared/data/cgm-hall-2018,
 * CC BY 4.0) through the product's twin service with its component registry, forecast as the route does (default
 * method, no FM loaded: the damped-trend twin is never blended anyway). Four people, the last 192 points of each as
 * GlucoBench's test part. The full run with every person, the ridge AR, the FM and the paired bootstrap is
 * `npm run validate:real-cgm` (docs/validation.md, "Real CGM"). A few seconds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLUCOBENCH_HALL_SEGMENTS, defaultHybridCalibration, forecastTwinReading, glucobenchScore, segmentCgm } from '@shuji/forecasting';
import { sharedPath } from '@shuji/testing';
import { DEFAULT_TWIN_SETTINGS, InMemoryTwinEventLog, InMemoryTwinSnapshotStore, ProfileComponentFactory, TwinService } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { twinComponentRegistry } from '../../apps/twin/src';

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

  beforeAll(async () => {
    const text = readFileSync(join(sharedPath('data/cgm-hall-2018'), 'cgm.csv'), 'utf8');
    const byId = new Map<string, { timeMs: number; value: number }[]>();
    for (const line of text.split('\n').slice(1)) {
      if (line.trim() === '') continue;
      const [, id, time, gl] = line.split(',').map((f) => f.replace(/"/g, ''));
      byId.set(id, [...(byId.get(id) ?? []), { timeMs: Date.parse(`${time.replace(' ', 'T')}Z`), value: Number(gl) }]);
    }
    const service = new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), new ProfileComponentFactory(twinComponentRegistry({})), DEFAULT_TWIN_SETTINGS);
    for (const [k, readings] of [...byId.values()].slice(0, PEOPLE).entries()) {
      const patientId = `hall-${k}`;
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
          fallbacks.add(answer.fallbackReason ?? '');
          windows.push({ truth: Array.from(seg.values.subarray(end, end + 12)), predicted: answer.points.map((p) => p.mean), persistence: Array(12).fill(seg.values[i]) as number[] });
        }
      }
    }
  }, 60_000);

  it('should give them the damped-trend glucose twin, never the T1D model', () => {
    expect([...layouts]).toEqual(['glucose-damped-trend@1/twin.1']);
    expect(fallbacks.size).toBe(1);
  });

  // measured 2026-12-04 on these four people: GlucoBench √median MSE 8.87 against persistence's 8.00 (worse: the
  // median favours holding the last value in quiet windows), 60-min RMSE 18.6 against 20.6; bounds keep a margin
  it('should forecast 60 min ahead with a GlucoBench score within 15 % of persistence and a lower 60-min RMSE', () => {
    const rmse60 = (pick: (w: Window) => number[]): number => Math.sqrt(windows.reduce((s, w) => s + (pick(w)[11] - w.truth[11]) ** 2, 0) / windows.length);
    const twin = glucobenchScore(windows.map((w) => ({ truth: w.truth, predicted: w.predicted })));
    const persistence = glucobenchScore(windows.map((w) => ({ truth: w.truth, predicted: w.persistence })));
    expect(windows.length).toBe(PEOPLE * (TEST_POINTS - START - 11));
    expect(twin.rmse).toBeLessThan(1.15 * persistence.rmse);
    expect(rmse60((w) => w.predicted)).toBeLessThan(rmse60((w) => w.persistence));
  });
});
