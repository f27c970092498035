/**
 * The cost of the rebuild rule (docs/architecture.md, "Composition"): a T1D twin with `days` of CGM, meals and
 * insulin gets its first body-weight reading, a second component joins, and the twin is refolded from its whole
 * log. Measures, on one thread, the wall time of that one `TwinService.handle` (the rebuild and the reading), of a
 * restore of the same log without snapshot (the reference: the rebuild is that replay), and of an ordinary CGM
 * reading after it. The second component is the SBML test model of libs/twin/fixtures (one state, one parameter).
 * Usage: tsx bench/twin-rebuild.bench.ts [days=3] [ensemble=the twin default, 64]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uvaPadovaSubjects } from '@shuji/models';
import { importSbml } from '@shuji/sbml';
import {
  ComponentRegistry,
  DEFAULT_TWIN_SETTINGS,
  generateVirtualPatient,
  InMemoryTwinEventLog,
  InMemoryTwinSnapshotStore,
  ObservationCodes,
  ProfileComponentFactory,
  SbmlEnsembleComponent,
  t1dDescriptor,
  TwinEngine,
  TwinService,
  type TwinEvent,
} from '@shuji/twin';

const days = Number(process.argv[2] ?? 3);
const settings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: Number(process.argv[3] ?? DEFAULT_TWIN_SETTINGS.ensembleSize) };
const weightLoinc = ObservationCodes.bodyWeight.loinc;
const model = importSbml(readFileSync(join(__dirname, '..', 'libs', 'twin', 'fixtures', 'weight-relaxation.xml'), 'utf8'));
const registry = new ComponentRegistry().register(t1dDescriptor(() => Promise.resolve(uvaPadovaSubjects()[0].parameters))).register({
  id: 'weight-relaxation',
  chooses: (p) => (p.streams.includes(weightLoinc) ? 'weight data' : undefined),
  startsTwin: () => false,
  create: () => new SbmlEnsembleComponent(model, { id: 'weight-relaxation@bench', observations: [{ loinc: weightLoinc, symbol: 'W', sd: 0.5 }], estimated: [{ parameter: 'k', logSd: 0.3 }] }),
});
const factory = new ProfileComponentFactory(registry);

async function main(): Promise<void> {
  const vp = generateVirtualPatient({ index: 0, days: days + 1, seed: 5 });
  const end = vp.truth.timeMs[0] + days * 86_400_000;
  const log = vp.events.filter((e) => e.timeMs < end);
  const next = vp.events.find((e) => e.timeMs >= end && e.kind === 'observation')!;
  const sut = new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), factory, settings);
  for (const e of log) await sut.handle(e);
  const weight: TwinEvent = { kind: 'observation', id: 'bench-weight', patientId: vp.patientId, timeMs: end - 60_000, loinc: weightLoinc, value: 79.5, unit: 'kg' };
  const timed = async (run: () => Promise<unknown>): Promise<number> => {
    const t0 = performance.now();
    await run();
    return performance.now() - t0;
  };
  const rebuildMs = await timed(() => sut.handle(weight));
  const component = (await sut.get(vp.patientId)).component;
  const replayMs = await timed(async () => TwinEngine.restore(vp.patientId, component, settings, [...log, weight], undefined));
  const readingMs = await timed(() => sut.handle(next));
  console.log(
    JSON.stringify({ days, events: log.length, ensemble: settings.ensembleSize, layout: component.id, rebuildMs: Math.round(rebuildMs), replayMs: Math.round(replayMs), nextReadingMs: +readingMs.toFixed(1) }),
  );
}

void main();
