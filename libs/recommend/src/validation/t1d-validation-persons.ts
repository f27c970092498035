/**
 * The persons of the T1D validations against known truth (the settings optimiser's, optimise/validation, and the
 * health plan's, plan/validation), by issue 14's rules:
 * - persons drawn around the base subjects of one role of the subject split (tuning, regression or sealed;
 *   libs/twin subject-split.ts), the same persons as issue 14's cohorts of that role (honestPlantPerson);
 * - the truth has structure the twin lacks: UVA/Padova S2008 with circadian insulin sensitivity, dawn phenomenon,
 *   meals of varying absorption, unlogged meals, missed and late boluses, carb-counting bias, correction boluses,
 *   hypo treatments and CGM faults (`s2008-misspecified`), or a different model, Hovorka 2004 with Wilinska-style
 *   variability (`hovorka`) (libs/twin misspecified/, sources in each file);
 * - the twin starts from the age group's population prior (populationPrior: the group's tuning subjects, never the
 *   person's own), with the basal insulin need u2ss estimated as well, and the product's batch personalisation.
 * Each person lives `dataDays` on deliberately poor pump settings (basal and carbohydrate ratio off by a factor,
 * cycled over the cohort), dosing meal boluses with the pump's bolus calculator (carbs / ratio + correction to
 * 120 mg/dL, the what-if's policy) but with their own lapses; the twin is personalised on those data. The truth's
 * evaluation (`liveOn`) is a life the twin never saw: its own meal timing, sizes, counting errors, lapses and
 * physiology, the same life for every arm of one person (one life key: the same meals and draws). Every life of a
 * person, data and evaluation, shares the person's carbohydrate-counting bias (the truth's person key).
 * Two choices of the judging: `judgingDraws: 'per-purpose'`, the evaluation lives with common random numbers
 * (libs/twin DrawStreams: the arms of one person differ only by their settings and what those cause; the data days
 * stay as they are, so the twin and its recommendation do not change), and `starts: 'poor-in-truth'` (POOR_IN_TRUTH).
 * The settings validation judges with both (SETTINGS_JUDGING); this module's defaults ('shared', 'usual') are the
 * health plan's validation and the settings validation's judging before 2026-12-05.
 */
import { cgmConsensusMetrics, type CgmConsensusMetrics } from '@shuji/population';
import {
  applyWithBatchPersonalisation,
  batchPersonalisationPrior,
  cohortMembers,
  DEFAULT_TWIN_SETTINGS,
  honestPlantPerson,
  liveMisspecifiedLife,
  populationPrior,
  T1dGlucoseComponent,
  TwinEngine,
  type BehaviourOptions,
  type DrawStreams,
  type HonestPlantPerson,
  type PumpSettings,
  type SubjectRole,
  type TwinEvent,
} from '@shuji/twin';
import { DEFAULT_TARGET_MG_DL } from '../whatif/t1d/t1d-recent-pattern';
import { parseT1dChange } from '../whatif/t1d/t1d-settings';
import type { WhatIfChange } from '../whatif/what-if-plugin';

/** Starting settings (basal factor, carbohydrate-ratio factor) cycled over the cohort: too little and too much insulin. */
export const POOR_STARTS: readonly (readonly [number, number])[] = [
  [0.7, 1.3],
  [1.4, 1],
  [0.7, 1],
  [1, 1.3],
  [1.3, 0.8],
];

export type SettingsTruth = 's2008-misspecified' | 'hovorka';

/** A validation script's `--role`, `--truth`, `--count` and `--members`, checked. */
export function cohortArgs(values: { role: string; truth: string; count: string; members: string }): { role: SubjectRole; truth: SettingsTruth; count: number; members: number } {
  const { role, truth } = values;
  if (!['tuning', 'regression', 'sealed'].includes(role)) throw new RangeError(`--role: tuning, regression or sealed (got ${role})`);
  if (!['s2008-misspecified', 'hovorka'].includes(truth)) throw new RangeError(`--truth: s2008-misspecified or hovorka (got ${truth})`);
  return { role: role as SubjectRole, truth: truth as SettingsTruth, count: Number(values.count), members: Number(values.members) };
}

export interface ValidationCohortOptions {
  readonly truth: SettingsTruth;
  readonly role: SubjectRole;
  /** Persons (the first of the role's cohort, base subjects interleaved so any count spreads over them). */
  readonly count: number;
  /** Persons per base subject the cohort is drawn with (enough for `count`). */
  readonly perSubject?: number;
  readonly dataDays?: number;
  readonly ensembleSize?: number;
  /**
   * The twin the optimiser sees: the product's (`population`, default: the age group's prior, batch personalisation)
   * or an oracle's (`oracle`, oracleTwinOn: an upper bound, never the product).
   */
  readonly twin?: TwinKind;
  /**
   * Bases of the starting settings by patient id, scaled by POOR_STARTS instead of the person's physiological
   * settings (a tuning variant: starts that are poor in truth, e.g. the truth-chosen settings ×0.7 / ×1.3).
   */
  readonly startBases?: Readonly<Record<string, PumpSettings>>;
  /** The starting settings: the usual factors (default) or those factors pushed until poor in truth (POOR_IN_TRUTH). */
  readonly starts?: StartKind;
  /**
   * The draw streams of the truth's judging lives (`liveOn`: evaluation, paired and selection lives; default
   * 'shared', the truth as issue 14 defines it); the data days are always the default.
   */
  readonly judgingDraws?: DrawStreams;
}

export type StartKind = 'usual' | 'poor-in-truth';

/**
 * "Deliberately poor starting settings" that are poor in truth (a tuning variant; docs/validation.md): the person's
 * usual poor-start factors (b, r) of POOR_STARTS raised to the smallest exponent e of `exponents` at which the true
 * person's mean time in range over the `referenceLives` (14 days each on the settings b^e, r^e of the base, lives never
 * judged) is at most `maxTirPercent`, else the largest exponent. The direction (too little or too much insulin) and
 * the cohort's cycle stay as they were; only the distance grows, and no further than needed. 60 %: ten points below
 * the consensus target of > 70 % (Battelino et al., Diabetes Care 2019), our choice; exponent ≤ 2 keeps every start
 * within basal ×0.49–×1.96 and ratio ×0.64–×1.69 of the base, settings a pump user could be found on.
 */
export const POOR_IN_TRUTH = {
  maxTirPercent: 60,
  exponents: [1, 1.25, 1.5, 1.75, 2],
  referenceLives: ['poor-start-reference-0', 'poor-start-reference-1'],
} as const;

/** The first index whose value (asked lazily, in order) is at most `max`, else the last index. */
export function firstAtMost(valueOf: (i: number) => number, count: number, max: number): number {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`count: a whole number ≥ 1 (got ${count})`);
  for (let i = 0; i < count - 1; i++) if (valueOf(i) <= max) return i;
  return count - 1;
}

export type TwinKind = 'population' | 'oracle';

/**
 * SD of log θ and φ of the oracle twin's members around the true values: near zero (the members carry the person's
 * own parameters), not zero, so that the filter's parameter block stays well posed.
 */
export const ORACLE_LOG_SD = 0.01;

export interface ArmOutcome {
  readonly tir: number;
  readonly tbr70: number;
  readonly tbr54: number;
}

/** The role's persons with base subjects interleaved: replicate 0 of every subject, then replicate 1, … */
export function interleavedPositions(role: SubjectRole, perSubject: number): number[] {
  const members = cohortMembers(role, perSubject);
  return members.map((m, i) => ({ m, i })).sort((a, b) => a.m.replicate - b.m.replicate || a.i - b.i).map((x) => x.i);
}

/** A T1D what-if change as a request states it (parsed as the API parses it). */
export const t1dChange = (kind: string, body: Record<string, unknown>, field: string): WhatIfChange => ({ kind, field, value: parseT1dChange(kind, body, field) });

/**
 * The product's twin of a person after their data days: the age group's population prior with the body weight a
 * clinic records, u2ss estimated, every event applied with the product's batch personalisation.
 */
function productTwinOn(person: HonestPlantPerson, bodyWeightKg: number, events: readonly TwinEvent[], ensembleSize: number, dataDays: number): TwinEngine {
  const pp = populationPrior(person.group);
  const component = new T1dGlucoseComponent({
    prior: { ...pp.prior, BW: bodyWeightKg },
    estimated: [...pp.estimated, { name: 'u2ss', logSd: pp.logSd.u2ss, bounds: [0.3, 3] as const }],
    considered: pp.considered.filter((c) => c.name !== 'u2ss'),
  });
  const twin = new TwinEngine(person.patientId, component, { ...DEFAULT_TWIN_SETTINGS, ensembleSize });
  for (const e of events) applyWithBatchPersonalisation(twin, e);
  twin.apply(batchPersonalisationPrior(twin, { index: dataDays, boundaryMs: twin.currentTimeMs }).event);
  return twin;
}

/**
 * The oracle twin of a misspecified-S2008 person (an upper bound, not the product): every member carries the true
 * person's own S2008 parameters (the plant's, what the misspecified truth is built on), θ and φ as the population
 * twin's lists (u2ss too) with an SD of ORACLE_LOG_SD; what the truth adds (circadian sensitivity, dawn, absorption,
 * lapses, sensor faults) it lacks, as the product's does. No batch fit: it would only move it from the truth.
 */
function oracleTwinOn(person: HonestPlantPerson, events: readonly TwinEvent[], ensembleSize: number): TwinEngine {
  const pp = populationPrior(person.group);
  const parameters = person.plant().parameters;
  const component = new T1dGlucoseComponent({
    prior: parameters,
    estimated: [...pp.estimated, { name: 'u2ss', bounds: [0.3, 3] as const }].map((e) => ({ ...e, logSd: ORACLE_LOG_SD })),
    considered: pp.considered.filter((c) => c.name !== 'u2ss').map((c) => ({ ...c, logSd: ORACLE_LOG_SD })),
  });
  const twin = new TwinEngine(person.patientId, component, { ...DEFAULT_TWIN_SETTINGS, ensembleSize });
  for (const e of events) twin.apply(e);
  return twin;
}

/** Settings scaled from a base (at the pump's resolution): basal and carbohydrate ratio, the base's correction factor. */
export function scaledSettings(base: PumpSettings, basalFactor: number, carbRatioFactor: number): PumpSettings {
  return {
    basalUnitsPerHour: Math.round(basalFactor * base.basalUnitsPerHour * 100) / 100,
    carbRatio: Math.round(base.carbRatio * carbRatioFactor * 10) / 10,
    correctionFactor: Math.round(base.correctionFactor),
  };
}

export const armOf = (m: CgmConsensusMetrics): ArmOutcome => ({ tir: m.timeInRange, tbr70: m.timeBelow70, tbr54: m.timeBelow54 });

/**
 * The true person's `days` on `settings` from steady state, with the evaluation's own life (`lifeTag` keys it: the
 * same tag, the same meals and draws); metrics of the plasma glucose. `behaviour` adds to the person's own (e.g. a
 * changed meal-bolus habit).
 */
export function liveOn(
  person: HonestPlantPerson,
  settings: PumpSettings,
  days: number,
  behaviour: BehaviourOptions,
  lifeTag = 'optimise-evaluation',
  drawStreams: DrawStreams = 'shared',
): ArmOutcome {
  const vp = liveMisspecifiedLife(person.plant(), {
    patientId: `${person.patientId}-evaluation`,
    baseSubject: person.baseSubject,
    days,
    lifeKey: [lifeTag, ...person.lifeKey],
    personKey: person.lifeKey,
    behaviour,
    settings,
    bolusCalculatorTargetMgDl: DEFAULT_TARGET_MG_DL,
    drawStreams,
  });
  return armOf(cgmConsensusMetrics(vp.truth.plasma, 5));
}

/** The cohort's positions and the persons per base subject it is drawn with. */
export function cohortOf(options: ValidationCohortOptions): { positions: number[]; perSubject: number } {
  const perSubject = options.perSubject ?? Math.ceil(options.count / (options.truth === 'hovorka' ? 1 : 9));
  const positions = options.truth === 'hovorka' ? Array.from({ length: options.count }, (_, i) => i) : interleavedPositions(options.role, perSubject).slice(0, options.count);
  if (positions.length < options.count) throw new RangeError(`count: the ${options.role} cohort with ${perSubject} per subject has ${positions.length} persons`);
  return { positions, perSubject };
}

/** How a start poor in truth was found: the exponent of the usual factors and the reference lives' mean TIR there. */
export interface PoorStart {
  readonly exponent: number;
  readonly referenceTir: number;
}

/**
 * The n-th person of the cohort and their poor starting settings (no data, no twin); with `starts: 'poor-in-truth'`
 * the factors are the usual ones raised to POOR_IN_TRUTH's exponent (basalFactor, carbRatioFactor: the factors used).
 */
export function personOnStart(options: ValidationCohortOptions, n: number, position: number, perSubject: number) {
  const person = honestPlantPerson(options.truth, options.role, position, perSubject);
  const [usualBasal, usualRatio] = POOR_STARTS[n % POOR_STARTS.length];
  const plant = person.plant();
  const base = options.startBases?.[person.patientId] ?? { basalUnitsPerHour: plant.basalUnitsPerHour, ...plant.therapy };
  if (options.startBases !== undefined && options.startBases[person.patientId] === undefined) throw new RangeError(`startBases: none for ${person.patientId}`);
  const behaviour = { mealScale: person.mealScale };
  const starts = options.starts ?? 'usual';
  if (starts !== 'usual' && starts !== 'poor-in-truth') throw new RangeError(`starts: usual or poor-in-truth (got ${String(starts)})`);
  if (starts === 'usual') return { person, plant, start: scaledSettings(base, usualBasal, usualRatio), behaviour, basalFactor: usualBasal, carbRatioFactor: usualRatio };
  const { exponents, referenceLives, maxTirPercent } = POOR_IN_TRUTH;
  const factorsAt = (e: number): [number, number] => [Math.round(usualBasal ** e * 100) / 100, Math.round(usualRatio ** e * 100) / 100];
  const tirs: number[] = [];
  const tirAt = (i: number): number => {
    const settings = scaledSettings(base, ...factorsAt(exponents[i]));
    tirs[i] = referenceLives.reduce((sum, tag) => sum + liveOn(person, settings, 14, behaviour, tag).tir, 0) / referenceLives.length;
    return tirs[i];
  };
  const chosen = firstAtMost(tirAt, exponents.length, maxTirPercent);
  const [basalFactor, carbRatioFactor] = factorsAt(exponents[chosen]);
  const poorStart: PoorStart = { exponent: exponents[chosen], referenceTir: tirs[chosen] ?? tirAt(chosen) };
  return { person, plant, start: scaledSettings(base, basalFactor, carbRatioFactor), behaviour, basalFactor, carbRatioFactor, poorStart };
}

/**
 * The n-th person of the cohort on their poor starting settings: their `dataDays` of life on them, the twin
 * personalised on those data, and the starting settings as a request's `current`.
 */
export function setUpPerson(options: ValidationCohortOptions, n: number, position: number, perSubject: number) {
  const dataDays = options.dataDays ?? 3;
  if (options.twin === 'oracle' && options.truth !== 's2008-misspecified') throw new RangeError('the oracle twin needs the S2008 truth (s2008-misspecified): its members carry S2008 parameters');
  const { person, plant, start, behaviour, basalFactor, carbRatioFactor, poorStart } = personOnStart(options, n, position, perSubject);
  const vp = liveMisspecifiedLife(plant, {
    patientId: person.patientId,
    baseSubject: person.baseSubject,
    days: dataDays,
    lifeKey: person.lifeKey,
    personKey: person.lifeKey,
    behaviour,
    settings: start,
    bolusCalculatorTargetMgDl: DEFAULT_TARGET_MG_DL,
  });
  const ensembleSize = options.ensembleSize ?? DEFAULT_TWIN_SETTINGS.ensembleSize;
  const twin = options.twin === 'oracle' ? oracleTwinOn(person, vp.events, ensembleSize) : productTwinOn(person, plant.parameters.BW, vp.events, ensembleSize, dataDays);
  const current = [
    t1dChange('basal-profile', { rates: [{ from: '00:00', units_per_hour: start.basalUnitsPerHour }] }, 'current[0]'),
    t1dChange('carb-ratio', { grams_per_unit: start.carbRatio }, 'current[1]'),
    t1dChange('correction-factor', { mg_dl_per_unit: start.correctionFactor, target_mg_dl: DEFAULT_TARGET_MG_DL }, 'current[2]'),
  ];
  return { person, start, behaviour, twin, current, basalFactor, carbRatioFactor, poorStart, dataTruth: armOf(cgmConsensusMetrics(vp.truth.plasma, 5)) };
}
