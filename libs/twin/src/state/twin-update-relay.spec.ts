import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { InMemoryTwinEventLog, InMemoryTwinSnapshotStore } from './twin-store';
import { DEFAULT_TWIN_SETTINGS } from './twin-engine';
import type { TwinEvent } from './twin-event';
import { TwinUpdateRelay } from './twin-update-relay';
import { T1dComponentFactory, TwinService, type TwinUpdate } from './twin.service';

const prior = uvaPadovaSubjects()[0]!.parameters;
const start = Date.UTC(2026, 0, 5, 6);
const reading = (k: number): TwinEvent => ({ kind: 'observation', id: `cgm-${k}`, patientId: 'p-1', timeMs: start + 5 * k * 60_000, loinc: '99504-3', value: 140 - k, unit: 'mg/dL' });

function relayFactory(stores = { log: new InMemoryTwinEventLog(), snapshots: new InMemoryTwinSnapshotStore() }, sources = [] as ConstructorParameters<typeof TwinUpdateRelay>[2]) {
  const published: TwinUpdate[] = [];
  const warnings: string[] = [];
  const twins = new TwinService(stores.log, stores.snapshots, new T1dComponentFactory(() => Promise.resolve(prior)), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 6 });
  const sut = new TwinUpdateRelay(twins, async (u) => void published.push(u), sources, (m) => void warnings.push(m));
  return { sut, stores, published, warnings };
}

describe(TwinUpdateRelay.name, () => {
  it('should republish the revision the stores restored before the first event of a person in a new process', async () => {
    const first = relayFactory();
    for (let k = 0; k < 3; k++) await first.sut.handle(reading(k));
    const second = relayFactory(first.stores);
    await second.sut.handle(reading(3));
    expect(first.published.map((u) => u.revision)).toEqual([1, 2, 3]);
    expect(second.published.map((u) => [u.revision, u.changed])).toEqual([
      [3, false],
      [4, true],
    ]);
  });

  it('should publish the event\'s update and warn, not fail, when a prior source throws', async () => {
    const { sut, published, warnings } = relayFactory(undefined, [{ priorEventFor: () => Promise.reject(new Error('head unavailable')) }]);
    await sut.handle(reading(0));
    expect(published.map((u) => u.revision)).toEqual([1]);
    expect(warnings).toEqual([expect.stringContaining('head unavailable')]);
  });

  it('should republish again after forgetting the held twins (a rebalance)', async () => {
    const { sut, published } = relayFactory();
    await sut.handle(reading(0));
    sut.forgetHeldTwins();
    await sut.handle(reading(1));
    expect(published.map((u) => [u.revision, u.changed])).toEqual([
      [1, true],
      [1, false],
      [2, true],
    ]);
  });
});
