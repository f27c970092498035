import { join } from 'node:path';
import { FoundationModel } from '@shuji/foundation-model';
import { uvaPadovaSubjects } from '@shuji/models';
import { BATCH_PERSONALISATION_SOURCE, DEFAULT_TWIN_SETTINGS, generateVirtualPatient, T1dGlucoseComponent, TwinEngine, type TwinEvent } from '@shuji/twin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwinPersonalisationService } from './twin-personalisation.service';

const MODEL_DIR = join(__dirname, '..', '..', '..', 'models', 'shuji-fm-v2');
const adult = uvaPadovaSubjects().find((s) => s.name === 'adult#001')!.parameters;
const patient = generateVirtualPatient({ index: 12, days: 1, seed: 2027 });
const hours = (h: number): TwinEvent[] => patient.events.filter((e) => e.timeMs < patient.truth.timeMs[0] + h * 3_600_000);

function twinOf(events: readonly TwinEvent[]): TwinEngine {
  const engine = new TwinEngine(patient.patientId, new T1dGlucoseComponent({ prior: adult }), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8 });
  for (const e of events) engine.apply(e);
  return engine;
}

describe(TwinPersonalisationService.name, () => {
  let fm: FoundationModel;
  beforeAll(async () => {
    fm = await FoundationModel.load({ modelDir: MODEL_DIR, maxWaitMs: 0 });
  });
  afterAll(() => fm.close());

  it('should wait until the twin holds 12 h of data with a meal, then give one prior over the four personal parameters', async () => {
    const sut = new TwinPersonalisationService(fm, 720);
    expect(await sut.priorEventFor(twinOf(hours(11)))).toBeNull();
    const engine = twinOf(hours(14));
    const prior = await sut.priorEventFor(engine);
    expect(prior).toMatchObject({ kind: 'parameter-prior', id: `${patient.patientId}:prior:shuji-fm-v2`, source: 'shuji-fm-v2', timeMs: engine.currentTimeMs + 1 });
    expect(prior?.parameters.map((p) => p.name)).toEqual(['Vmx', 'kp3', 'kabs', 'p2u']);
    for (const p of prior?.parameters ?? []) {
      expect(Number.isFinite(p.logMean)).toBe(true);
      expect(p.logSd).toBeGreaterThan(0);
    }
    // the head's Vmx lies within a factor e of the population's (the 30 shared subjects span about that)
    expect(Math.abs(prior!.parameters[0].logMean - Math.log(adult.Vmx))).toBeLessThan(1);
    expect(await sut.priorEventFor(engine)).toBeNull();
    // a restarted process sees the prior in the log and adds none
    engine.apply(prior!);
    expect(await new TwinPersonalisationService(fm, 720).priorEventFor(engine)).toBeNull();
  });

  it('should not take the batch fit\'s prior for its own', async () => {
    const engine = twinOf(hours(14));
    engine.apply({ kind: 'parameter-prior', id: `${patient.patientId}:prior:map:1`, patientId: patient.patientId, timeMs: engine.currentTimeMs + 1, source: BATCH_PERSONALISATION_SOURCE, parameters: [] });
    expect(await new TwinPersonalisationService(fm, 720).priorEventFor(engine)).toMatchObject({ source: 'shuji-fm-v2' });
  });

  it('should give nothing without a logged meal, nor when switched off', async () => {
    const noMeals = hours(14).filter((e) => e.kind !== 'meal');
    expect(await new TwinPersonalisationService(fm, 720).priorEventFor(twinOf(noMeals))).toBeNull();
    expect(await new TwinPersonalisationService(fm, null).priorEventFor(twinOf(hours(14)))).toBeNull();
    expect(await new TwinPersonalisationService(null, 720).priorEventFor(twinOf(hours(14)))).toBeNull();
  });
});
