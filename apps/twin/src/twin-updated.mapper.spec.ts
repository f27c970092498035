import { decodeMessage, fromTimestamp, TwinUpdatedSchema, TwinVariableKind } from '@shuji/contracts';
import { uvaPadovaSubjects } from '@shuji/models';
import {
  DEFAULT_TWIN_SETTINGS,
  generateVirtualPatient,
  InMemoryTwinEventLog,
  InMemoryTwinSnapshotStore,
  summariseTwin,
  T1dComponentFactory,
  TwinService,
  type TwinEvent,
  type TwinUpdate,
} from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { toTwinUpdated } from './twin-updated.mapper';

const patient = generateVirtualPatient({ index: 2, days: 1, seed: 5 });
const prior = uvaPadovaSubjects().find((s) => s.name === patient.baseSubject)?.parameters ?? {};
const cgm = patient.events.filter((e) => e.timeMs < patient.truth.timeMs[0] + 2 * 3_600_000);
const lastMs = cgm.at(-1)?.timeMs ?? 0;
const lab: TwinEvent = { kind: 'observation', id: 'lab-1', patientId: patient.patientId, timeMs: lastMs + 60_000, loinc: '2339-0', value: 131, unit: 'mg/dL' };

async function twinAfter(events: readonly TwinEvent[]): Promise<TwinUpdate> {
  const sut = new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), new T1dComponentFactory(() => Promise.resolve(prior)), {
    ...DEFAULT_TWIN_SETTINGS,
    ensembleSize: 8,
  });
  let update: Awaited<ReturnType<TwinService['handle']>> | undefined;
  for (const e of events) update = await sut.handle(e);
  if (update?.engine == null) throw new Error('no twin');
  return update;
}

describe(toTwinUpdated.name, () => {
  it('should carry components, state and parameters with SD and 5–95 % quantiles, data coverage and the twin time when a twin is updated', async () => {
    const update = await twinAfter([...cgm, lab]);
    const summary = summariseTwin(update.engine);

    const sut = toTwinUpdated(update);
    const event = decodeMessage(TwinUpdatedSchema, sut.value);

    expect(sut.key).toBe(patient.patientId);
    expect(event.header?.eventId).toBe(`twin-updated:${patient.patientId}:${cgm.length + 1}`);
    expect(event.revision).toBe(BigInt(cgm.length + 1));
    expect(event.causedByEventIds).toEqual(['lab-1']);
    expect(event.modelId).toBe('uva-padova-s2008@2008.1/twin.4');
    expect(event.componentIds).toEqual(['uva-padova-s2008@2008.1/twin.4']);
    expect(fromTimestamp(event.twinTime)?.getTime()).toBe(lab.timeMs);
    expect(fromTimestamp(event.header?.effectiveTime)?.getTime()).toBe(lab.timeMs);

    const parameters = event.state.filter((v) => v.kind === TwinVariableKind.PARAMETER);
    const states = event.state.filter((v) => v.kind === TwinVariableKind.STATE);
    expect(states.length + parameters.length).toBe(event.state.length);
    // doubles travel as IEEE 754 binary64: the event holds exactly the summary's numbers
    expect(parameters.map(({ name, unit, mean, sd, p05, p95 }) => ({ name, unit, mean, sd, p05, p95 }))).toEqual(summary.parameters);
    expect(states.map(({ name, unit, mean, sd, p05, p95 }) => ({ name, unit, mean, sd, p05, p95 }))).toEqual(summary.state);
    for (const p of parameters) {
      expect(p.sd).toBeGreaterThan(0);
      expect(p.p05).toBeLessThan(p.mean);
      expect(p.p95).toBeGreaterThan(p.mean);
    }

    const coverage = event.dataCoverage.map((c) => ({ loinc: c.loinc, count: Number(c.count), first: fromTimestamp(c.first)?.getTime(), last: fromTimestamp(c.last)?.getTime() }));
    const cgmReadings = cgm.filter((e) => e.kind === 'observation');
    expect(coverage).toEqual([
      { loinc: '99504-3', count: cgmReadings.length, first: cgmReadings[0].timeMs, last: cgmReadings.at(-1)?.timeMs },
      { loinc: '2339-0', count: 1, first: lab.timeMs, last: lab.timeMs },
    ]);
  });

  it('should give the same bytes apart from the received time when a revision is mapped twice (idempotent by revision)', async () => {
    const update = await twinAfter(cgm.slice(0, 10));
    const first = decodeMessage(TwinUpdatedSchema, toTwinUpdated(update).value);
    const second = decodeMessage(TwinUpdatedSchema, toTwinUpdated(update).value);
    if (first.header !== undefined) first.header.receivedTime = undefined;
    if (second.header !== undefined) second.header.receivedTime = undefined;
    expect(second).toEqual(first);
  });
});
