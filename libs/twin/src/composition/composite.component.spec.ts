import { uvaPadovaSubjects } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TWIN_SETTINGS, TwinEngine, type TwinSettings } from '../state/twin-engine';
import { maxAbsoluteDifference, weightReadings, weightRelaxationComponent } from '../testing/composite-twin.fixtures';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';
import { CompositeComponent } from './composite.component';
import { ObservationCodes } from './observation-codes';
import { T1dGlucoseComponent } from './t1d-glucose.component';
import type { TwinEvent } from '../state/twin-event';

const settings: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8 };
const patient = generateVirtualPatient({ index: 3, days: 1, seed: 11 });
const prior = uvaPadovaSubjects().find((s) => s.name === patient.baseSubject)?.parameters ?? {};
const t1d = (): T1dGlucoseComponent => new T1dGlucoseComponent({ prior });
const start = patient.truth.timeMs[0];
const events = patient.events.filter((e) => e.timeMs < start + 6 * 3_600_000);

function run(component: TwinEngine['component'], log: readonly TwinEvent[]): TwinEngine {
  const sut = new TwinEngine(patient.patientId, component, settings);
  for (const e of log) sut.apply(e);
  return sut;
}

describe(CompositeComponent.name, () => {
  it('should be its only child entry for entry, draw for draw and by id', () => {
    const child = t1d();
    const sut = new CompositeComponent([t1d()]);
    expect(sut.id).toBe(child.id);
    expect(sut.size).toBe(child.size);
    expect(sut.variables).toEqual(child.variables);
    expect(sut.hierarchical).toEqual(child.hierarchical);
    expect(sut.withAllEstimated).toBeDefined();
    const alone = run(child, events);
    const composed = run(sut, events);
    expect(composed.revision).toBe(events.length);
    expect(maxAbsoluteDifference(composed.ensemble, alone.ensemble)).toBe(0);
  });

  it('should stack its children with offsets, and leave the T1D child exactly as it is alone on glucose data', () => {
    const weight = weightRelaxationComponent();
    const sut = new CompositeComponent([t1d(), weight]);
    const offset = t1d().size;
    expect(sut.id).toBe(`${t1d().id}+${weight.id}`);
    expect(sut.size).toBe(offset + weight.size);
    expect(sut.variables.at(-1)).toEqual({ ...weight.variables.at(-1), index: offset + weight.size - 1 });
    expect(sut.explains.map((c) => c.loinc)).toContain(ObservationCodes.bodyWeight.loinc);
    // the T1D child draws first from each stream and the weight child draws nothing the T1D child would, so the
    // glucose-only twin's entries are the T1D-only twin's, bit for bit
    const alone = run(t1d(), events);
    const composed = run(sut, events);
    const slices = composed.ensemble.map((m) => m.slice(0, offset));
    expect(maxAbsoluteDifference(slices, alone.ensemble)).toBe(0);
  });

  it("should update only the explaining child's entries on a reading", () => {
    const weight = weightRelaxationComponent();
    const sut = new CompositeComponent([t1d(), weight]);
    const offset = t1d().size;
    const readings = weightReadings(patient.patientId, start, 2, 60);
    const engine = run(sut, [...events.filter((e) => e.timeMs <= readings[0].timeMs), readings[0]]);
    const at = (e: TwinEvent): TwinEvent => ({ ...e, timeMs: engine.currentTimeMs });
    const before = engine.ensemble.map((m) => Float64Array.from(m));
    // at the twin's own time: no propagation, the analysis alone
    engine.apply(at({ ...readings[1], id: 'w-now' }));
    expect(maxAbsoluteDifference(engine.ensemble.map((m) => m.slice(0, offset)), before.map((m) => m.slice(0, offset)))).toBe(0);
    expect(maxAbsoluteDifference(engine.ensemble.map((m) => m.slice(offset)), before.map((m) => m.slice(offset)))).toBeGreaterThan(0);
    const afterWeight = engine.ensemble.map((m) => Float64Array.from(m));
    const cgm = events.find((e) => e.kind === 'observation' && e.loinc === ObservationCodes.cgmGlucose.loinc)!;
    engine.apply(at({ ...cgm, id: 'cgm-now' }));
    expect(maxAbsoluteDifference(engine.ensemble.map((m) => m.slice(offset)), afterWeight.map((m) => m.slice(offset)))).toBe(0);
    expect(maxAbsoluteDifference(engine.ensemble.map((m) => m.slice(0, offset)), afterWeight.map((m) => m.slice(0, offset)))).toBeGreaterThan(0);
  });

  it('should localise and group a reading to its child, offset', () => {
    const weight = weightRelaxationComponent();
    const child = t1d();
    const sut = new CompositeComponent([weight, child]);
    const glucose = sut.localisationFor(ObservationCodes.cgmGlucose.loinc);
    expect(Array.from(glucose.subarray(0, weight.size))).toEqual(new Array(weight.size).fill(0));
    expect(Array.from(glucose.subarray(weight.size))).toEqual(Array.from(child.localisation));
    expect(Array.from(sut.localisationFor(ObservationCodes.bodyWeight.loinc).subarray(weight.size))).toEqual(new Array(child.size).fill(0));
    expect(sut.hierarchicalFor(ObservationCodes.cgmGlucose.loinc)?.variables).toEqual(child.hierarchical!.variables.map((i) => i + weight.size));
    expect(sut.hierarchicalFor(ObservationCodes.bodyWeight.loinc)).toBeUndefined();
  });

  it('should dispatch variance, plausibility, projection, restart and redraws to the child that owns them', () => {
    const weight = weightRelaxationComponent();
    const child = t1d();
    const sut = new CompositeComponent([child, weight]);
    expect(sut.observationVariance(ObservationCodes.bodyWeight.loinc, 80)).toBeCloseTo(0.09, 12);
    expect(sut.observationVariance(ObservationCodes.cgmGlucose.loinc, 120)).toBe(child.observationVariance(ObservationCodes.cgmGlucose.loinc, 120));
    expect(sut.isPlausibleReading(ObservationCodes.cgmGlucose.loinc, 5000)).toBe(false);
    expect(sut.isPlausibleReading(ObservationCodes.inr.loinc, 2)).toBe(false);
    expect(() => sut.observationVariance(ObservationCodes.inr.loinc, 2)).toThrow(/does not explain LOINC 6301-6/);
    const members = sut.initialEnsemble(seededRandom('dispatch'), 6);
    const names = sut.redrawParameters(members, [{ name: 'W_set', logMean: Math.log(70), logSd: 0 }, { name: 'Vmx', logMean: Math.log(0.05), logSd: 0 }], seededRandom('r'));
    expect(names.sort()).toEqual(['Vmx', 'W_set']);
    const wSet = sut.variables.find((v) => v.name === 'W_set')!.index;
    const vmx = sut.variables.find((v) => v.name === 'Vmx')!.index;
    for (const m of members) expect([Math.exp(m[wSet]), m[vmx]]).toEqual([expect.closeTo(70, 10), Math.log(0.05)]);
    const restarted = sut.restart(members, seededRandom('restart'));
    for (const m of restarted) expect(m[sut.variables.find((v) => v.name === 'W')!.index]).toBe(80);
    expect(restarted[0][wSet]).toBe(members[0][wSet]);
    expect(sut.conditionOnFinding(members, 'CYP2C9', '*1/*3', seededRandom('g'))).toBe(false);
  });

  it('should refuse two children explaining one code, and offer batch personalisation only with a single able child', () => {
    expect(() => new CompositeComponent([t1d(), weightRelaxationComponent(), weightRelaxationComponent()])).toThrow(/appears twice/);
    const other = { ...weightRelaxationComponent(), id: 'other', explains: [ObservationCodes.cgmGlucose] } as unknown as T1dGlucoseComponent;
    expect(() => new CompositeComponent([t1d(), other])).toThrow(/LOINC 99504-3 is explained by both/);
    expect(() => new CompositeComponent([])).toThrow(/at least one/);
    expect(new CompositeComponent([weightRelaxationComponent()]).withAllEstimated).toBeUndefined();
  });
});
