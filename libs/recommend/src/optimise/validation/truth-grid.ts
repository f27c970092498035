/**
 * The truth-chosen bound of the settings validation (issue 15): the settings a clinician who could try every setting
 * on the true person would choose. Pure logic: the grid of settings within the validation's step limit around the
 * starting settings, and the choice on the truth's outcomes. The lives it is chosen on are not those it is judged on
 * (t1d-truth-grid-bound.ts), so the choice is not fitted to the evaluation's noise.
 */
import type { PumpSettings } from '@shuji/twin';

export interface GridOutcome {
  readonly tir: number;
  readonly tbr70: number;
}

/** Factors of the basal and the carbohydrate ratio tried (each pair), relative to the start: ±50 % in sixths. */
export const TRUTH_GRID_FACTORS: readonly number[] = [0.5, 0.67, 0.83, 1, 1.17, 1.33, 1.5];

const EPS = 1e-9;

/** value × factor at the pump's resolution, rounded towards the current value (as the hard limits round a step). */
function stepped(current: number, factor: number, resolution: number): number {
  const x = (current * factor) / resolution;
  const units = factor >= 1 ? Math.floor(x + EPS) : Math.ceil(x - EPS);
  return Math.round(units * resolution * 1e6) / 1e6;
}

/** Within ±maxStepFraction of the start on the basal and the ratio, and the start's correction factor. */
export function withinStep(start: PumpSettings, s: PumpSettings, maxStepFraction: number): boolean {
  const ok = (now: number, next: number): boolean => Math.abs(next - now) <= maxStepFraction * now + EPS;
  return ok(start.basalUnitsPerHour, s.basalUnitsPerHour) && ok(start.carbRatio, s.carbRatio) && s.correctionFactor === start.correctionFactor;
}

const keyOf = (s: PumpSettings): string => `${s.basalUnitsPerHour}/${s.carbRatio}/${s.correctionFactor}`;

/**
 * Every pair of factors (basal, ratio) within the step, at the pump's resolution (basal 0.01 U/h, ratio 0.1 g/U),
 * the correction factor kept, and `extra` settings that are within the step; the start first, no duplicates.
 */
export function truthGrid(start: PumpSettings, factors: readonly number[], maxStepFraction: number, extra: readonly PumpSettings[] = []): PumpSettings[] {
  const inStep = factors.filter((f) => f > 0 && Math.abs(f - 1) <= maxStepFraction + EPS);
  const candidates = [
    start,
    ...inStep.flatMap((b) =>
      inStep.map((r) => ({ basalUnitsPerHour: stepped(start.basalUnitsPerHour, b, 0.01), carbRatio: stepped(start.carbRatio, r, 0.1), correctionFactor: start.correctionFactor })),
    ),
    ...extra.filter((s) => withinStep(start, s, maxStepFraction)),
  ];
  const unique = new Map<string, PumpSettings>();
  for (const s of candidates) if (s.basalUnitsPerHour > 0 && s.carbRatio > 0 && !unique.has(keyOf(s))) unique.set(keyOf(s), s);
  return [...unique.values()];
}

/**
 * What the truth-chooser maximises: `success`, the share of the selection lives in which the candidate meets the
 * Done-when against the start in the same life (paired), ties to the higher mean time in range; `tir`, the highest
 * mean time in range whose mean time below 70 is not above the start's.
 */
export type GridObjective = 'success' | 'tir';

const meanOf = (lives: readonly GridOutcome[], f: (o: GridOutcome) => number): number => lives.reduce((s, o) => s + f(o), 0) / lives.length;

/** The share of paired lives in which `lives[l]` raises time in range over `start[l]` without raising time below 70. */
export function pairedSuccessShare(start: readonly GridOutcome[], lives: readonly GridOutcome[]): number {
  if (lives.length !== start.length || lives.length === 0) throw new RangeError('pairedSuccessShare: one outcome per selection life, for both');
  return lives.filter((o, l) => o.tir > start[l].tir && o.tbr70 <= start[l].tbr70).length / lives.length;
}

/**
 * The index of the candidate the truth chooses from each candidate's outcomes in the K selection lives (paired with
 * the start's, life by life), or null when none raises the mean time in range (the start is kept): by `objective`;
 * for `success` a candidate must also meet the criterion in at least one life, for `tir` not raise the mean time
 * below 70. Ties go to the first.
 */
export function chooseOnTruth(start: readonly GridOutcome[], candidates: readonly (readonly GridOutcome[])[], objective: GridObjective = 'success'): number | null {
  const startTir = meanOf(start, (o) => o.tir);
  const startTbr = meanOf(start, (o) => o.tbr70);
  let best: number | null = null;
  let bestKey: [number, number] = [-Infinity, -Infinity];
  for (const [i, lives] of candidates.entries()) {
    const tir = meanOf(lives, (o) => o.tir);
    if (!(tir > startTir)) continue;
    const share = pairedSuccessShare(start, lives);
    if (objective === 'success' ? share === 0 : meanOf(lives, (o) => o.tbr70) > startTbr) continue;
    const key: [number, number] = objective === 'success' ? [share, tir] : [tir, 0];
    if (key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] > bestKey[1])) [best, bestKey] = [i, key];
  }
  return best;
}
