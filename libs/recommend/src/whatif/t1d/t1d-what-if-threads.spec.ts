import { uvaPadovaSubjects } from '@shuji/models';
import { DEFAULT_TWIN_SETTINGS, generateVirtualPatient, T1dGlucoseComponent, TwinEngine } from '@shuji/twin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from '../default-what-if-registry';
import { parseWhatIfRequest } from '../parse-what-if-request';
import { executeWhatIf, planWhatIf, WhatIfCancelledError } from '../run-what-if';
import { closeWhatIfWorkerPools } from '../what-if-worker-pool';
import { T1D_BLOCK_MEMBERS } from './t1d-block-simulation';

const registry = defaultWhatIfRegistry();
// more members than one block, and a last block that is not full
const MEMBERS = T1D_BLOCK_MEMBERS * 2 + 5;

describe('T1D what-if on worker threads', () => {
  let twin: TwinEngine;
  beforeAll(() => {
    const vp = generateVirtualPatient({ index: 7, days: 1, seed: 19 });
    const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {};
    twin = new TwinEngine(vp.patientId, new T1dGlucoseComponent({ prior }), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: MEMBERS });
    for (const e of vp.events) twin.apply(e);
  });
  afterAll(() => closeWhatIfWorkerPools());

  const request = () =>
    parseWhatIfRequest(
      {
        horizon: 'PT8H',
        seed: 3,
        arms: [
          { name: 'current' },
          { name: 'stronger', changes: [{ kind: 'carb-ratio', grams_per_unit: 6 }] },
          { name: 'windowed', changes: [{ kind: 'correction-factor', mg_dl_per_unit: 30, start: new Date(twin.currentTimeMs + 3_600_000).toISOString() }] },
        ],
      },
      registry,
    );

  it('should give the same result bit for bit on 1, 2 and 3 threads (blocks fixed, noise keyed by block, not by thread)', async () => {
    const one = await executeWhatIf(planWhatIf(twin, request(), registry), { threads: 1 });
    const two = await executeWhatIf(planWhatIf(twin, request(), registry), { threads: 2 });
    const three = await executeWhatIf(planWhatIf(twin, request(), registry), { threads: 3 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
    expect(one.members).toBe(MEMBERS);
    // the arms differ: the check above compares answers with something in them
    expect(one.components[0].arms[1].difference!.mean_glucose.mean).not.toBe(0);
    expect(one.components[0].arms[2].difference!.mean_glucose.mean).not.toBe(0);
  });

  it('should report progress up to 1 on threads, and stop when cancelled', async () => {
    const seen: number[] = [];
    await executeWhatIf(planWhatIf(twin, request(), registry), { threads: 2, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1])).toBe(true);
    const abort = new AbortController();
    const running = executeWhatIf(planWhatIf(twin, request(), registry), { threads: 2, signal: abort.signal });
    abort.abort();
    await expect(running).rejects.toBeInstanceOf(WhatIfCancelledError);
  });
});
