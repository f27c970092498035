import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import { TwinEngine } from '../state/twin-engine';
import { MS_PER_MIN } from '../state/twin-event';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';
import { BATCH_PERSONALISATION_SOURCE, batchPersonalisationDue, batchPersonalisationPrior } from './batch-personalisation';

describe('batch personalisation', () => {
  const patient = generateVirtualPatient({ index: 12, days: 2, seed: 7 });
  const prior = uvaPadovaSubjects().find((s) => s.name === patient.baseSubject)?.parameters ?? {};
  const settings = { ensembleSize: 8, rtps: 0.5, checkpointEveryMin: 60, outOfOrderWindowMin: 1440 };
  const first = patient.events[0].timeMs;
  const dayMs = 1440 * MS_PER_MIN;

  function twinUntil(untilMs: number): TwinEngine {
    const engine = new TwinEngine(patient.patientId, new T1dGlucoseComponent({ prior }), settings);
    for (const e of patient.events) if (e.timeMs <= untilMs) engine.apply(e);
    return engine;
  }

  it('should be due at each whole day of data, once', () => {
    expect(batchPersonalisationDue(twinUntil(first + dayMs - MS_PER_MIN))).toBeNull();
    const engine = twinUntil(first + dayMs + 10 * MS_PER_MIN);
    expect(batchPersonalisationDue(engine)).toBe(first + dayMs);
    engine.apply(batchPersonalisationPrior(engine, first + dayMs));
    expect(batchPersonalisationDue(engine)).toBeNull();
    // with fits every 10 h, the 20-h boundary is due (the 24-h one is not on that grid)
    expect(batchPersonalisationDue(engine, { everyMin: 600 })).toBe(first + 1200 * MS_PER_MIN);
  });

  it('should redraw exactly the parameters the fit identifies, reproducibly from the log', () => {
    const engine = twinUntil(first + dayMs + 10 * MS_PER_MIN);
    const event = batchPersonalisationPrior(engine, first + dayMs);
    expect(event).toEqual(batchPersonalisationPrior(twinUntil(first + dayMs + 10 * MS_PER_MIN), first + dayMs));
    expect(event).toMatchObject({ kind: 'parameter-prior', source: BATCH_PERSONALISATION_SOURCE, timeMs: engine.currentTimeMs + 1 });
    const component = engine.component as T1dGlucoseComponent;
    const names = event.parameters.map((p) => p.name);
    // one day of this person's meals and boluses identifies a parameter (measured: kmin), with an SD of at most
    // 0.7 × its prior's 0.1
    expect(names.length).toBeGreaterThan(0);
    for (const p of event.parameters) expect(p.logSd).toBeLessThanOrEqual(0.07);
    const before = engine.ensemble.map((m) => Float64Array.from(m));
    engine.apply(event);
    const after = engine.ensemble;
    const entries = [
      ...component.estimated.map((p, k) => ({ name: p.name, index: component.iTheta + k })),
      ...component.considered.map((c, m) => ({ name: c.name, index: component.iConsidered + m })),
    ];
    for (const { name, index } of entries) {
      const values = after.map((m) => m[index]);
      const p = event.parameters.find((e) => e.name === name);
      if (p === undefined) expect(values).toEqual(before.map((m) => m[index]));
      else {
        const mean = values.reduce((s, x) => s + x, 0) / values.length;
        // 8 draws: the mean within 4 standard errors
        expect(Math.abs(mean - p.logMean)).toBeLessThan((4 * p.logSd) / Math.sqrt(values.length));
      }
    }
  });
});
