/**
 * The demo's virtual T1D persons: their devices' events, cut into fixed lives of LIFE_DAYS days from a fixed epoch,
 * so that the events of any moment are the same on every start (a restart re-sends them and they are applied once)
 * and a life can be generated without simulating all the days before it. Each life starts at its person's steady
 * state at midnight; the person (parameters) stays, the days (meals, noise) are the life's own.
 */
import { generateVirtualPatient, type TwinEvent } from '@shuji/twin';

/** Monday 2026-01-05T00:00Z. */
export const DEMO_EPOCH_MS = Date.UTC(2026, 0, 5);
export const LIFE_DAYS = 28;
const DAY_MS = 86_400_000;
const LIFE_MS = LIFE_DAYS * DAY_MS;
/** Cohort seed of the demo persons' parameter draw. */
const DEMO_SEED = 20_260_105;

export interface DemoPerson {
  readonly patientId: string;
  /** Index in the virtual cohort (the UVA/Padova subject it is drawn around is index mod 30). */
  readonly index: number;
}

export const DEMO_T1D_PERSONS: readonly DemoPerson[] = [
  { patientId: 'demo-t1d-1', index: 3 },
  { patientId: 'demo-t1d-2', index: 14 },
];

/** The life that holds time `ms` (0 from the epoch). */
export function lifeAt(ms: number): number {
  return Math.max(0, Math.floor((ms - DEMO_EPOCH_MS) / LIFE_MS));
}

/** A person's events of one life, in time order, with ids unique across lives. */
export function demoLife(person: DemoPerson, life: number): TwinEvent[] {
  const virtual = generateVirtualPatient({
    index: person.index,
    days: LIFE_DAYS,
    seed: DEMO_SEED,
    lifeSeed: DEMO_SEED + life + 1,
    startMs: DEMO_EPOCH_MS + life * LIFE_MS,
  });
  return virtual.events
    .map((e) => ({ ...e, patientId: person.patientId, id: `${person.patientId}-l${life}-${e.id.slice(virtual.patientId.length + 1)}` }))
    .sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * What a person's devices have sent by `uptoMs` since `fromMs` (exclusive), from the lives given; the basal rate in
 * force at `fromMs` is included, so a twin started from these events knows its insulin.
 */
export function eventsBetween(lives: readonly (readonly TwinEvent[])[], fromMs: number, uptoMs: number): TwinEvent[] {
  const all = lives.flat();
  const window = all.filter((e) => e.timeMs > fromMs && e.timeMs <= uptoMs);
  const basalBefore = all.filter((e) => e.kind === 'basal-rate' && e.timeMs <= fromMs).at(-1);
  return basalBefore === undefined || window.some((e) => e.kind === 'basal-rate' && e.timeMs === basalBefore.timeMs) ? window : [basalBefore, ...window];
}
