import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import { TwinEngine } from '../state/twin-engine';
import { checkParameterPrior, MS_PER_MIN, type TwinEvent } from '../state/twin-event';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';
import { applyWithBatchPersonalisation, BATCH_PERSONALISATION_SOURCE, batchPersonalisationDue, batchPersonalisationPrior } from './batch-personalisation';

describe('batch personalisation', () => {
  const patient = generateVirtualPatient({ index: 12, days: 2, seed: 7 });
  const prior = uvaPadovaSubjects().find((s) => s.name === patient.baseSubject)?.parameters ?? {};
  const settings = { ensembleSize: 8, rtps: 0.5, checkpointEveryMin: 60, outOfOrderWindowMin: 1440, lateReplayMaxEvents: 0, maxGapMin: 360 };
  // the first CGM reading: the boundaries count from it
  const first = patient.events.find((e) => e.kind === 'observation')?.timeMs ?? Number.NaN;
  const dayMs = 1440 * MS_PER_MIN;

  function twinUntil(untilMs: number): TwinEngine {
    const engine = new TwinEngine(patient.patientId, new T1dGlucoseComponent({ prior }), settings);
    for (const e of patient.events) if (e.timeMs <= untilMs) engine.apply(e);
    return engine;
  }

  it('should be due from 2 h after each day of data until the next day, once', () => {
    expect(batchPersonalisationDue(twinUntil(first + dayMs + 115 * MS_PER_MIN))).toBeNull();
    const engine = twinUntil(first + dayMs + 125 * MS_PER_MIN);
    const due = batchPersonalisationDue(engine);
    expect(due).toEqual({ index: 1, boundaryMs: first + dayMs });
    engine.apply(batchPersonalisationPrior(engine, due!).event);
    expect(batchPersonalisationDue(engine)).toBeNull();
    expect(() => batchPersonalisationDue(engine, { everyMin: 0 })).toThrow(/everyMin/);
    // a twin that takes late events for 1 h only: a prior 2 h back could not be inserted any more
    const short = new TwinEngine(patient.patientId, new T1dGlucoseComponent({ prior }), { ...settings, outOfOrderWindowMin: 60 });
    for (const e of patient.events) if (e.timeMs <= first + dayMs + 125 * MS_PER_MIN) short.apply(e);
    expect(batchPersonalisationDue(short)).toBeNull();
  });

  it('should skip the fit of a day the twin had no data after, rather than fit old data late', () => {
    // readings until 1 h past the first boundary, then a gap of a day: the next reading is 3 h past the second
    const engine = new TwinEngine(patient.patientId, new T1dGlucoseComponent({ prior }), settings);
    const resumeMs = first + 2 * dayMs + 180 * MS_PER_MIN;
    for (const e of patient.events) if (e.timeMs <= first + dayMs + 60 * MS_PER_MIN) engine.apply(e);
    expect(batchPersonalisationDue(engine)).toBeNull();
    const late = generateVirtualPatient({ index: 12, days: 3, seed: 7 }).events.find((e) => e.kind === 'observation' && e.timeMs >= resumeMs);
    engine.apply(late!);
    expect(batchPersonalisationDue(engine)).toEqual({ index: 2, boundaryMs: first + 2 * dayMs });
  });

  it('should put the prior just after the boundary and redraw exactly the parameters the fit identifies, reproducibly', () => {
    const engine = twinUntil(first + dayMs + 125 * MS_PER_MIN);
    const due = { index: 1, boundaryMs: first + dayMs };
    const { event, failure } = batchPersonalisationPrior(engine, due);
    expect(failure).toBeUndefined();
    expect(event).toEqual(batchPersonalisationPrior(twinUntil(first + dayMs + 125 * MS_PER_MIN), due).event);
    expect(event).toMatchObject({ kind: 'parameter-prior', source: BATCH_PERSONALISATION_SOURCE, timeMs: first + dayMs + 1, id: `${patient.patientId}:prior:map:1` });
    const component = engine.component as T1dGlucoseComponent;
    // one day of this person's meals and boluses identifies a parameter (measured: kmin), with an SD of at most
    // 0.7 × its prior's 0.1
    expect(event.parameters.length).toBeGreaterThan(0);
    for (const p of event.parameters) expect(p.logSd).toBeLessThanOrEqual(0.07);
    // their correlations ride along when there are several (row-major, unit diagonal)
    const n = event.parameters.length;
    if (n > 1) for (let i = 0; i < n; i++) expect(event.correlation?.[i * n + i]).toBeCloseTo(1, 12);
    else expect(event.correlation).toBeUndefined();
    // the twin as if the prior had been in its log from the start: the same as applying it late (a rewind)
    const reference = new TwinEngine(patient.patientId, new T1dGlucoseComponent({ prior }), settings);
    for (const e of [...patient.events.filter((e) => e.timeMs <= first + dayMs + 125 * MS_PER_MIN), event].sort((a, b) => a.timeMs - b.timeMs)) {
      reference.apply(e);
    }
    const before = twinUntil(first + dayMs).ensemble.map((m) => Float64Array.from(m));
    expect(engine.apply(event).rewound).toBe(true);
    expect(engine.ensemble).toEqual(reference.ensemble);
    const entries = [
      ...component.estimated.map((p, k) => ({ name: p.name, index: component.iTheta + k })),
      ...component.considered.map((c, m) => ({ name: c.name, index: component.iConsidered + m })),
    ];
    // at the boundary (the state the prior acted on, from a twin folded just past it) redrawn values sit around the fit
    const atBoundary = new TwinEngine(patient.patientId, new T1dGlucoseComponent({ prior }), settings);
    for (const e of [...patient.events.filter((e) => e.timeMs <= first + dayMs), event]) atBoundary.apply(e);
    for (const { name, index } of entries) {
      const values = atBoundary.ensemble.map((m) => m[index]);
      const p = event.parameters.find((e) => e.name === name);
      // a consider parameter the fit leaves alone is exactly as it was; an estimated one also has the boundary
      // reading's (damped) update, so only the redrawn ones are checked against the fit
      if (p === undefined) {
        if (index >= component.iConsidered) expect(values).toEqual(before.map((m) => m[index]));
      } else {
        const mean = values.reduce((s, x) => s + x, 0) / values.length;
        // 8 draws: the mean within 4 standard errors
        expect(Math.abs(mean - p.logMean)).toBeLessThan((4 * p.logSd) / Math.sqrt(values.length));
      }
    }
  });

  it('should carry the identified parameters\' correlations, a matrix the twin takes and replays from JSON', () => {
    // another person, whose first day identifies two parameters (measured: kmax and f, r = −0.14)
    const other = generateVirtualPatient({ index: 10, days: 2, seed: 7 });
    const otherPrior = uvaPadovaSubjects().find((s) => s.name === other.baseSubject)?.parameters ?? {};
    const otherFirst = other.events.find((e) => e.kind === 'observation')?.timeMs ?? Number.NaN;
    const until = otherFirst + dayMs + 125 * MS_PER_MIN;
    const fold = (log: readonly TwinEvent[]): TwinEngine => {
      const engine = new TwinEngine(other.patientId, new T1dGlucoseComponent({ prior: otherPrior }), settings);
      for (const e of log) engine.apply(e);
      return engine;
    };
    const engine = fold(other.events.filter((e) => e.timeMs <= until));
    const { event } = batchPersonalisationPrior(engine, { index: 1, boundaryMs: otherFirst + dayMs });
    const n = event.parameters.length;
    expect(n).toBeGreaterThan(1);
    expect(event.correlation).toHaveLength(n * n);
    expect(() => checkParameterPrior(event)).not.toThrow();
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(Math.abs(event.correlation![i * n + j])).toBeLessThan(0.95);
    expect(engine.apply(event).changed).toBe(true);
    // the log as PostgreSQL gives it back (jsonb) folds to the same twin
    expect(fold(engine.events.map((e) => JSON.parse(JSON.stringify(e)) as TwinEvent)).ensemble).toEqual(engine.ensemble);
  });

  it('should apply an event and the fit then due, as the twin consumer does', () => {
    const engine = twinUntil(first + dayMs + 115 * MS_PER_MIN);
    const next = patient.events.filter((e) => e.timeMs > first + dayMs + 115 * MS_PER_MIN);
    const results = next.slice(0, 3).map((e) => applyWithBatchPersonalisation(engine, e));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(engine.events.filter((e) => e.kind === 'parameter-prior').map((e) => e.id)).toEqual([`${patient.patientId}:prior:map:1`]);
  });
});
