/**
 * `npm run validate:synthea`: a script, not a test. The product's whole-person twin over the 20 Synthea R4 bundles of
 * ../shared/fixtures/synthea-r4 (synthea-5-2019; years of clinic visits each), as `npm start` would fold them: every
 * record of a bundle through @shuji/fhir (observations, and MedicationRequests of modelled drugs as schedules), the
 * events in time order through the product's component registry (TwinService). Before each adult visit with a body
 * weight (29463-7) or a systolic pressure (8480-6), the twin forecasts that reading at the visit's time; scored
 * against the reading beside the last value and a linear trend (`linearTrendForecast` of the twins' validation: least
 * squares over the person's readings in the 3 years before, last value with fewer than two). Synthea's vitals are statistical (drawn around age- and
 * condition-specific curves with noise), not physiological: the twin's models have little to find in them, and the
 * script reports whatever it shows. Horizons are the gaps between visits (median about a year).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Loinc } from '@shuji/contracts';
import { atcOfDrug, processBundle, type CanonicalObservation } from '@shuji/fhir';
import { uvaPadovaSubjects } from '@shuji/models';
import { quantile } from '@shuji/stats';
import { sharedPath } from '@shuji/testing';
import { forecastReading, linearTrendForecast, InMemoryTwinEventLog, InMemoryTwinSnapshotStore, ProfileComponentFactory, TwinService, wholePersonRegistry, type TimedReading, type TwinEvent } from '@shuji/twin';

const TARGETS = [Loinc.bodyWeight.code, Loinc.systolicBp.code] as const;
const INPUT_CODES = new Set<string>([Loinc.bodyWeight.code, Loinc.bmi.code, Loinc.systolicBp.code, Loinc.diastolicBp.code]);
const TREND_WINDOW_MS = 3 * 365.25 * 86_400_000;
const ADULT_YEARS = 18;
/** The T1D component is never chosen for these people (no CGM); the registry still needs its prior. */
const T1D_PRIOR = uvaPadovaSubjects().find((s) => s.name === 'adult#001')!.parameters;

interface Scored {
  readonly loinc: string;
  readonly horizonDays: number;
  readonly actual: number;
  readonly twin: number;
  readonly q10: number;
  readonly q90: number;
  readonly last: number;
  readonly trend: number;
}

function toEvent(r: CanonicalObservation): TwinEvent | undefined {
  const timeMs = Date.parse(r.effectiveTime);
  if (r.value.kind !== 'quantity') return undefined;
  if (r.schedule !== undefined) {
    const atc = atcOfDrug({ system: r.codeSystem, code: r.code });
    if (atc === undefined) return undefined;
    const endMs = r.schedule.endTime === undefined ? undefined : Date.parse(r.schedule.endTime);
    return { kind: 'medication-schedule', id: r.eventId, patientId: r.patientId, timeMs, atc, mg: r.value.value, everyMin: r.schedule.everyMin, ...(endMs === undefined ? {} : { endMs }) };
  }
  if (!INPUT_CODES.has(r.code)) return undefined;
  return { kind: 'observation', id: r.eventId, patientId: r.patientId, timeMs, loinc: r.code, value: r.value.value, unit: r.value.unit };
}

async function scorePerson(events: TwinEvent[], birthMs: number | undefined): Promise<Scored[]> {
  const adult = (t: number) => birthMs !== undefined && t - birthMs >= ADULT_YEARS * 365.25 * 86_400_000;
  const service = new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), new ProfileComponentFactory(wholePersonRegistry(() => Promise.resolve(T1D_PRIOR))));
  const out: Scored[] = [];
  const history = new Map<string, TimedReading[]>();
  for (const e of events.sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : 1))) {
    const past = e.kind === 'observation' ? history.get(e.loinc) : undefined;
    if (e.kind === 'observation' && (TARGETS as readonly string[]).includes(e.loinc) && past !== undefined && past.length > 0 && adult(e.timeMs)) {
      const engine = await service.get(e.patientId).catch(() => undefined);
      const horizonMin = engine === undefined ? 0 : (e.timeMs - engine.currentTimeMs) / 60_000;
      if (engine !== undefined && horizonMin > 0 && engine.component.observe(engine.ensemble[0]!, e.loinc) !== null) {
        const [point] = forecastReading(engine, e.loinc, [horizonMin]);
        out.push({
          loinc: e.loinc,
          horizonDays: horizonMin / 1440,
          actual: e.value,
          twin: point!.mean,
          q10: point!.q10,
          q90: point!.q90,
          last: past[past.length - 1]!.value,
          trend: linearTrendForecast(past, e.timeMs, TREND_WINDOW_MS, [e.timeMs])![0]!,
        });
      }
    }
    await service.handle(e);
    if (e.kind === 'observation') history.set(e.loinc, [...(history.get(e.loinc) ?? []), { t: e.timeMs, value: e.value }]);
  }
  return out;
}

const rmse = (errors: readonly number[]): number => Math.sqrt(errors.reduce((s, x) => s + x * x, 0) / errors.length);

async function main(): Promise<void> {
  const dir = sharedPath('fixtures', 'synthea-r4');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const scored: Scored[] = [];
  let persons = 0;
  for (const file of files) {
    const bundle = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { entry: { resource: { resourceType: string; birthDate?: string } }[] };
    const result = processBundle(bundle, { receivedAt: new Date('2026-12-01T00:00:00Z') });
    if (result.kind !== 'processed') throw new Error(`${file}: rejected`);
    const birth = bundle.entry.find((e) => e.resource.resourceType === 'Patient')?.resource.birthDate;
    const events = result.observations.map(toEvent).filter((e): e is TwinEvent => e !== undefined);
    const own = await scorePerson(events, birth === undefined ? undefined : Date.parse(birth));
    if (own.length > 0) persons++;
    scored.push(...own);
  }
  console.log(`Synthea next-visit forecasts, ${files.length} bundles, ${persons} adults scored (${new Date().toISOString().slice(0, 10)})`);
  console.log('| reading | horizon | n | twin RMSE | last value RMSE | linear trend RMSE | twin / last value | 10–90 % coverage | median horizon (d) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const loinc of TARGETS) {
    for (const [label, keep] of [['all', () => true], ['≤ 1 year', (s: Scored) => s.horizonDays <= 366], ['> 1 year', (s: Scored) => s.horizonDays > 366]] as const) {
      const rows = scored.filter((s) => s.loinc === loinc && keep(s));
      if (rows.length === 0) continue;
      const twin = rmse(rows.map((r) => r.twin - r.actual));
      const last = rmse(rows.map((r) => r.last - r.actual));
      const trend = rmse(rows.map((r) => r.trend - r.actual));
      const coverage = rows.filter((r) => r.actual >= r.q10 && r.actual <= r.q90).length / rows.length;
      const median = quantile(rows.map((r) => r.horizonDays), 0.5);
      console.log(`| ${loinc === Loinc.bodyWeight.code ? 'weight (kg)' : 'SBP (mmHg)'} | ${label} | ${rows.length} | ${twin.toFixed(2)} | ${last.toFixed(2)} | ${trend.toFixed(2)} | ${last > 0 ? (twin / last).toFixed(3) : '–'} | ${(100 * coverage).toFixed(1)} % | ${median.toFixed(0)} |`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
