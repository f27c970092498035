import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';
import { DEFAULT_TWIN_SETTINGS, TwinEngine, TwinEventTooLateError, type TwinSettings } from './twin-engine';
import { compareEvents, type TwinEvent } from './twin-event';
import { shuffleWithin } from '../testing/composite-twin.fixtures';

const settings: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8, checkpointEveryMin: 30, outOfOrderWindowMin: 180 };
const patient = generateVirtualPatient({ index: 11, days: 1, seed: 7 });
const prior = uvaPadovaSubjects().find((s) => s.name === patient.baseSubject)?.parameters ?? {};
const component = new T1dGlucoseComponent({ prior });
// the first 9 hours: basal, breakfast with its bolus, CGM and a fingerstick
const events = patient.events.filter((e) => e.timeMs < patient.truth.timeMs[0] + 9 * 3_600_000);

function run(sequence: readonly TwinEvent[]): TwinEngine {
  const sut = new TwinEngine(patient.patientId, component, settings);
  for (const e of sequence) sut.apply(e);
  return sut;
}

function maxRelativeDifference(a: TwinEngine, b: TwinEngine): number {
  let worst = 0;
  a.ensemble.forEach((m, j) => {
    m.forEach((x, i) => {
      const y = b.ensemble[j][i];
      worst = Math.max(worst, Math.abs(x - y) / Math.max(1e-12, Math.abs(x), Math.abs(y)));
    });
  });
  return worst;
}

describe(TwinEngine.name, () => {
  const reference = run(events);

  it('should contain the whole log and have moved off the prior', () => {
    expect(reference.revision).toBe(events.length);
    expect(reference.currentTimeMs).toBe(events.filter((e) => e.kind === 'observation').at(-1)?.timeMs);
    expect(reference.dataCoverage.get('99504-3')?.count).toBeGreaterThan(100);
  });

  it('should rebuild to the same state from the log (within 1e-9 relative; in fact bit-identical)', () => {
    const sut = run(events);
    expect(maxRelativeDifference(sut, reference)).toBeLessThanOrEqual(1e-9);
    expect(maxRelativeDifference(sut, reference)).toBe(0);
  });

  it('should give the same final twin when delivery is shuffled within the out-of-order window', () => {
    // blocks of 24 events span under two hours, inside the 3-hour window
    const shuffled = shuffleWithin(events, 24, 'shuffle-1');
    expect(shuffled.map((e) => e.id)).not.toEqual(events.map((e) => e.id));
    const sut = run(shuffled);
    expect(sut.revision).toBe(reference.revision);
    expect(maxRelativeDifference(sut, reference)).toBe(0);
  });

  it('should rewind to a checkpoint and replay when a late observation arrives', () => {
    const late = events[Math.floor(events.length * 0.8)];
    const sut = run(events.filter((e) => e !== late));
    const result = sut.apply(late);
    expect(result).toMatchObject({ changed: true, rewound: true });
    expect(result.replayed).toBeLessThan(events.length / 2);
    expect(maxRelativeDifference(sut, reference)).toBe(0);
  });

  it('should change nothing when the same event is applied twice', () => {
    const sut = run(events);
    const again = sut.apply(events[events.length - 3]);
    expect(again).toEqual({ changed: false, replayed: 0, rewound: false, insertedAt: -1 });
    expect(sut.revision).toBe(reference.revision);
    expect(maxRelativeDifference(sut, reference)).toBe(0);
  });

  it('should refuse an event older than the out-of-order window once the log is too long to replay', () => {
    const sut = new TwinEngine(patient.patientId, component, { ...settings, lateReplayMaxEvents: events.length });
    for (const e of events) sut.apply(e);
    const old: TwinEvent = { ...events[5], id: 'too-old' } as TwinEvent;
    expect(() => sut.apply(old)).toThrow(TwinEventTooLateError);
    expect(sut.revision).toBe(reference.revision);
  });

  it('should replay a short log from its start for an event older than the window, as a fold of the sorted log', () => {
    const sut = new TwinEngine(patient.patientId, component, { ...settings, lateReplayMaxEvents: events.length + 1 });
    for (const e of events) sut.apply(e);
    const old: TwinEvent = { ...events[5], id: 'late-but-kept' } as TwinEvent;
    const result = sut.apply(old);
    expect(result).toMatchObject({ changed: true, rewound: true, replayed: events.length + 1 });
    const folded = new TwinEngine(patient.patientId, component, settings);
    for (const e of [...events, old].sort(compareEvents)) folded.apply(e);
    expect(maxRelativeDifference(sut, folded)).toBe(0);
  });

  it('should restore from a checkpoint plus the log to the same state', () => {
    const checkpoint = reference.heldCheckpoints[Math.floor(reference.heldCheckpoints.length / 2)];
    const sut = TwinEngine.restore(patient.patientId, component, settings, events, checkpoint);
    expect(maxRelativeDifference(sut, reference)).toBe(0);
  });

  it('should replay the whole log when a checkpoint holds members of another layout', () => {
    const checkpoint = reference.heldCheckpoints[Math.floor(reference.heldCheckpoints.length / 2)];
    const older = { ...checkpoint, members: checkpoint.members.map((m) => m.slice(0, m.length - 8)) };
    const sut = TwinEngine.restore(patient.patientId, component, settings, events, older);
    expect(sut.ensemble.every((m) => m.length === component.size)).toBe(true);
    expect(maxRelativeDifference(sut, reference)).toBe(0);
  });

  it('should refuse an event of another patient', () => {
    const sut = new TwinEngine('someone-else', component, settings);
    expect(() => sut.apply(events[0])).toThrow(/another patient/);
  });

  it('should redraw the personal parameters from a parameter prior, the same way on every replay', () => {
    const at = events[60].timeMs + 1;
    const vmx = Math.log(prior.Vmx * 1.5);
    const priorEvent: TwinEvent = {
      kind: 'parameter-prior',
      id: 'prior-1',
      patientId: patient.patientId,
      timeMs: at,
      source: 'test',
      parameters: [{ name: 'Vmx', logMean: vmx, logSd: 0.05 }, { name: 'unknown', logMean: 0, logSd: 1 }],
    };
    const withPrior = [...events.filter((e) => e.timeMs <= at), priorEvent];
    const sut = run(withPrior);
    const k = component.estimated.findIndex((p) => p.name === 'Vmx');
    const drawn = sut.ensemble.map((m) => m[component.iTheta + k]);
    const mean = drawn.reduce((a, x) => a + x, 0) / drawn.length;
    // 8 draws of N(vmx, 0.05²): the mean lies within 4 standard errors
    expect(Math.abs(mean - vmx)).toBeLessThan((4 * 0.05) / Math.sqrt(drawn.length));
    const kp3 = component.estimated.findIndex((p) => p.name === 'kp3');
    expect(sut.ensemble.map((m) => m[component.iTheta + kp3])).toEqual(run(events.filter((e) => e.timeMs <= at)).ensemble.map((m) => m[component.iTheta + kp3]));
    // delivered late (after later readings), it rewinds and gives the same twin as in order
    const later = events.filter((e) => e.timeMs > at);
    const inOrder = run([...withPrior, ...later]);
    const late = run([...withPrior.slice(0, -1), ...later.slice(0, 6), priorEvent, ...later.slice(6)]);
    expect(maxRelativeDifference(late, inOrder)).toBeLessThanOrEqual(1e-9);
  });
  it('should redraw a correlated prior identically after a JSON round trip and on a rebuild, and refuse a bad one', () => {
    const at = events[60].timeMs + 1;
    const correlated: TwinEvent = {
      kind: 'parameter-prior',
      id: 'prior-joint',
      patientId: patient.patientId,
      timeMs: at,
      source: 'test',
      parameters: [
        { name: 'Vmx', logMean: Math.log(prior.Vmx), logSd: 0.05 },
        { name: 'f', logMean: Math.log(prior.f), logSd: 0.04 },
      ],
      correlation: [1, -0.9, -0.9, 1],
    };
    const log = [...events.filter((e) => e.timeMs <= at), correlated, ...events.filter((e) => e.timeMs > at)];
    const live = run(log);
    // stored as JSON (PostgreSQL's jsonb) and folded again: the same twin
    const rebuilt = run(log.map((e) => JSON.parse(JSON.stringify(e)) as TwinEvent));
    expect(maxRelativeDifference(rebuilt, live)).toBe(0);
    // a bad correlation is refused before it enters the log: the twin goes on as if it had never come
    const sut = run(events.filter((e) => e.timeMs <= at));
    const bad = { ...correlated, id: 'prior-bad', correlation: [1, 1.5, 1.5, 1] };
    expect(() => sut.apply(bad)).toThrow(/not positive definite/);
    expect(() => sut.apply({ ...correlated, id: 'prior-short', correlation: [1] })).toThrow(/expected 2×2/);
    expect(() => sut.apply({ ...correlated, id: 'prior-skew', correlation: [1, 0.5, -0.5, 1] })).toThrow(/symmetric/);
    expect(sut.events.some((e) => e.kind === 'parameter-prior')).toBe(false);
    for (const e of events.filter((e) => e.timeMs > at)) sut.apply(e);
    expect(maxRelativeDifference(sut, run(events))).toBe(0);
  });
  it('should restart the members at their steady state instead of integrating a gap past maxGapMin', () => {
    const spans: number[] = [];
    const counting = new Proxy(component, {
      get(target, key, receiver) {
        if (key !== 'propagate') return Reflect.get(target, key, receiver) as unknown;
        return (...args: Parameters<T1dGlucoseComponent['propagate']>) => {
          spans.push(args[2] - args[1]);
          target.propagate(...args);
        };
      },
    });
    const sut = new TwinEngine(patient.patientId, counting, settings);
    for (const e of events) sut.apply(e);
    const last = events.filter((e) => e.kind === 'observation').at(-1)!;
    const halfYear = { ...last, id: 'reading-after-a-gap', timeMs: last.timeMs + 182 * 24 * 3_600_000 };
    sut.apply(halfYear);
    expect(Math.max(...spans)).toBeLessThanOrEqual(settings.maxGapMin);
    expect(sut.currentTimeMs).toBe(halfYear.timeMs);
    // the learnt parameters are kept: only the state restarts
    const iTheta = component.variables.find((v) => v.kind === 'log-parameter')!.index;
    expect(sut.ensemble.every((m) => Number.isFinite(m[iTheta]))).toBe(true);
    expect(run([...events, halfYear]).ensemble).toEqual(sut.ensemble);
  });

  it('should count an implausible reading without assimilating it, and keep every state finite and below the glucose ceiling', () => {
    const last = events.filter((e) => e.kind === 'observation' && e.loinc === '99504-3').at(-1)!;
    const wild = { ...last, id: 'wild', timeMs: last.timeMs + 5 * 60_000, value: 1e9 } as TwinEvent;
    const sut = run([...events, wild]);
    const cgm = sut.ensemble.map((m) => component.observe(m, '99504-3')!);
    expect(cgm.every((g) => Number.isFinite(g) && g < 600)).toBe(true);
    expect(sut.dataCoverage.get('99504-3')!.count).toBe(events.filter((e) => e.kind === 'observation' && e.loinc === '99504-3').length + 1);
    expect(component.isPlausibleReading('99504-3', 1e9)).toBe(false);
    expect(component.isPlausibleReading('99504-3', 120)).toBe(true);
  });
});
