/**
 * The truth-chosen bound of the T1D settings validation (issue 15): for each person, every setting of a grid within
 * the validation's step limit (truth-grid.ts) is lived by the TRUE person over K selection lives (their own meals,
 * lapses and physiology, never the lives it is judged on), the best chosen (chooseOnTruth: by default the one that
 * meets the Done-when in most of those lives, paired with the start's; else the start is kept), and it is then judged
 * as the optimiser's recommendation is (t1d-settings-validation.ts): on the evaluation's 14-day life, and on the mean
 * of the same paired lives. No twin: what a clinician who could try every setting on the person would reach.
 */
import type { PumpSettings } from '@shuji/twin';
import { cohortOf, liveOn, personOnStart, type ArmOutcome } from '../../validation/t1d-validation-persons';
import { DEFAULT_T1D_OPTIMISE_LIMITS } from '../t1d/t1d-optimise-limits';
import {
  cohortSummary,
  meanArm,
  meetsDoneWhen,
  pairedLifeTags,
  TBR_TOLERANCE_POINTS,
  VALIDATION_LIMITS,
  type PatientSettingsResult,
  type SettingsValidation,
  type SettingsValidationOptions,
  withSettingsJudging,
} from './t1d-settings-validation';
import { chooseOnTruth, TRUTH_GRID_FACTORS, truthGrid, type GridObjective } from './truth-grid';

export interface TruthGridOptions {
  /** K' selection lives the choice is made on (their keys differ from the evaluation's). */
  readonly selectionLives: number;
  readonly factors?: readonly number[];
  /** What the choice maximises (chooseOnTruth; default `success`). */
  readonly objective?: GridObjective;
  /** Settings tried besides the grid, by patient id, where within the step (e.g. the truth-chosen of another start). */
  readonly extra?: Readonly<Record<string, PumpSettings>>;
}

/** The selection lives' keys: none is an evaluation life (pairedLifeTags). */
export const selectionLifeTags = (k: number): string[] => Array.from({ length: k }, (_, l) => `truth-grid-selection-${l}`);

export async function truthGridBound(
  validation: SettingsValidationOptions,
  grid: TruthGridOptions,
  onPatient?: (patient: PatientSettingsResult) => void,
): Promise<SettingsValidation & { readonly variant: string }> {
  const options = withSettingsJudging(validation);
  const truthDays = options.truthDays ?? 14;
  const k = options.pairedLives ?? 1;
  const maxStep = options.limits?.maxStepFraction ?? VALIDATION_LIMITS.maxStepFraction ?? DEFAULT_T1D_OPTIMISE_LIMITS.maxStepFraction;
  const { positions, perSubject } = cohortOf(options);
  const started = process.cpuUsage();
  const patients: PatientSettingsResult[] = [];
  for (const [n, position] of positions.entries()) {
    const t0 = performance.now();
    const { person, start, behaviour, basalFactor, carbRatioFactor, poorStart } = personOnStart(options, n, position, perSubject);
    const draws = options.judgingDraws;
    const extra = grid.extra?.[person.patientId];
    const candidates = truthGrid(start, grid.factors ?? TRUTH_GRID_FACTORS, maxStep, extra === undefined ? [] : [extra]);
    const lived = candidates.map((s) => selectionLifeTags(grid.selectionLives).map((tag) => liveOn(person, s, truthDays, behaviour, tag, draws)));
    const selected = lived.map(meanArm);
    const chosen = chooseOnTruth(lived[0], lived.slice(1), grid.objective);
    const recommended = chosen === null ? start : candidates[chosen + 1];
    const optimiseMs = performance.now() - t0;
    const livesOf = (s: PumpSettings): ArmOutcome[] => pairedLifeTags(k).map((tag) => liveOn(person, s, truthDays, behaviour, tag, draws));
    const startLives = livesOf(start);
    const recommendedLives = chosen === null ? startLives : livesOf(recommended);
    const [truthStart, truthRecommended] = [startLives[0], recommendedLives[0]];
    const percent = (now: number, next: number): number => Math.round((1000 * (next - now)) / now) / 10;
    const patient: PatientSettingsResult = {
      patientId: person.patientId,
      baseSubject: person.baseSubject,
      start: { basalFactor, carbRatioFactor },
      poorStart,
      recommended: chosen === null ? null : { basal_units_per_day: percent(start.basalUnitsPerHour, recommended.basalUnitsPerHour), carb_ratio_g_per_unit: percent(start.carbRatio, recommended.carbRatio) },
      startSettings: start,
      recommendedSettings: recommended,
      truthStart,
      truthRecommended,
      success: meetsDoneWhen(truthStart, truthRecommended),
      successTolerant: truthRecommended.tir > truthStart.tir && truthRecommended.tbr70 <= truthStart.tbr70 + TBR_TOLERANCE_POINTS,
      predicted: { start: selected[0], recommended: chosen === null ? null : selected[chosen + 1] },
      adequacy: [],
      droppedReasons: chosen === null ? [`no setting of the grid raises the mean TIR of ${grid.selectionLives} selection lives and meets the criterion (${grid.objective ?? 'success'})`] : [],
      optimiseMs,
      forbidden: [],
      selection: { lives: grid.selectionLives, candidates: candidates.length },
      expected:
        k === 1 ? undefined : { lives: k, truthStart: meanArm(startLives), truthRecommended: meanArm(recommendedLives), success: meetsDoneWhen(meanArm(startLives), meanArm(recommendedLives)) },
    };
    patients.push(patient);
    onPatient?.(patient);
  }
  const used = process.cpuUsage(started);
  return { variant: `truth-grid (${grid.selectionLives} selection lives, objective ${grid.objective ?? 'success'})`, ...cohortSummary(options, patients, k, (used.user + used.system) / 1000) };
}
