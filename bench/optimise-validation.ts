/**
 * validate:optimise — issue 15's "Done when" for the T1D settings optimiser, by issue 14's rules (libs/recommend
 * optimise/validation: persons around one role's base subjects, truth with structure the twin lacks, population
 * prior, 3 days of data on poor starting settings, the recommendation lived by the true person for 14 days). Prints
 * each person with the diagnosis (predicted against realised) and the two criteria (≥ 80 % raise TIR without
 * raising time below 70; mean TIR gain ≥ 10 points, with a person-bootstrap 95 % interval); exits 1 when either is
 * not met. The sealed role is the reported, held-out cohort: run it once, after tuning on `tuning`.
 * Usage (`--help` prints this comment): tsx bench/optimise-validation.ts [--role sealed] [--truth s2008-misspecified|hovorka] [--count 30] [--members 64] [--data-days 3]
 *   [--rise-probability P] [--min-improvement P] (tuning alternatives to the defaults)
 *   [--variants FILE] (tuning: a JSON array of {name, optimise?, limits?} over the defaults, each run on the same
 *   persons) [--diagnose] (every finalist, offered or dropped, lived by the true person too) [--json FILE]
 *   [--lives] (the floor: the true person's 14 days on the starting settings in the evaluation's life and three
 *   others, and how far the evaluation's is from the others' mean, the best any prediction from their data could do)
 *   [--paired-lives K] (default 8: each person also judged on the mean over K paired lives, the same K for the start
 *   and the recommendation, the expected effect on the true person, printed beside the one-life figure; 1: none)
 *   [--nudge] (the judging's noise floor: each start against the start with basal +0.01 U/h in 4 paired lives, with
 *   the judging variants below: how often a change with no effect "raises" TBR<70) [--calibrate] (the what-if itself instead: its prediction for the starting settings over 14 days against the
 *   true person's realised 14 days, per person and as median and mean error; no optimisation)
 * Bounds (tuning only; upper bounds on what any twin could reach under this truth, not the product):
 *   [--twin oracle] (the optimiser on an oracle twin: members carrying the true person's own S2008 parameters, no
 *   batch fit; the what-if and the gates the product's) [--bound truth-grid] (no twin: the best basal × ratio of a
 *   grid within the step, chosen on the truth's own K' selection lives, --grid-lives, default 4, none an evaluation
 *   life: --grid-objective success (default: meets the Done-when in most of them) or tir (the highest mean TIR not
 *   raising the mean TBR<70); judged as the recommendation is) [--starts-from FILE] (starts poor in truth: the --json of a
 *   --bound truth-grid run, each person's truth-chosen settings scaled by the usual factors ×0.7 / ×1.3 …; with
 *   --bound truth-grid, those truth-chosen settings are tried as well where within the step)
 * Judging (SETTINGS_JUDGING, since 2026-12-05 for every role; the earlier judging on --role tuning only, to reproduce
 * the figures before): [--draws per-purpose|shared] (default per-purpose: the truth's judging lives with common random
 *   numbers, libs/twin DrawStreams: the start and the recommendation lived on the same meals, sensor noise and
 *   reaction draws; the data days, the twin and its recommendation do not depend on it) [--starts poor-in-truth|usual]
 *   (default poor-in-truth: the usual factors raised to the smallest exponent 1–2 at which the true person's mean TIR
 *   over two reference lives, never judged, is ≤ 60 %: POOR_IN_TRUTH; usual: the factors themselves)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  calibrateT1dWhatIf,
  cohortArgs,
  nudgedStartLives,
  pairedLifeTags,
  SETTINGS_JUDGING,
  startingSettingsLives,
  TBR_TOLERANCE_POINTS,
  truthGridBound,
  validateT1dSettingsVariants,
  type PatientSettingsResult,
  type SettingsValidation,
  type SettingsVariant,
  type TwinKind,
  type GridObjective,
  type StartKind,
} from '@shuji/recommend';
import type { DrawStreams } from '@shuji/twin';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'sealed' },
    truth: { type: 'string', default: 's2008-misspecified' },
    count: { type: 'string', default: '30' },
    members: { type: 'string', default: '64' },
    'data-days': { type: 'string', default: '3' },
    // while tuning (on --role tuning only): the chance constraint's probability, the improvement probability
    'rise-probability': { type: 'string' },
    'min-improvement': { type: 'string' },
    variants: { type: 'string' },
    diagnose: { type: 'boolean', default: false },
    json: { type: 'string' },
    calibrate: { type: 'boolean', default: false },
    lives: { type: 'boolean', default: false },
    nudge: { type: 'boolean', default: false },
    'paired-lives': { type: 'string', default: '8' },
    twin: { type: 'string', default: 'population' },
    bound: { type: 'string' },
    'grid-lives': { type: 'string', default: '4' },
    'grid-objective': { type: 'string', default: 'success' },
    'starts-from': { type: 'string' },
    draws: { type: 'string', default: SETTINGS_JUDGING.judgingDraws },
    starts: { type: 'string', default: SETTINGS_JUDGING.starts },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  // this file's own header comment: one text for the reader of the code and of --help
  const header = /\/\*\*\n([\s\S]*?)\n \*\//.exec(readFileSync(process.argv[1], 'utf8'))?.[1] ?? '';
  console.log(header.replace(/^ \* ?/gm, ''));
  process.exit(0);
}
const { role, truth, count, members } = cohortArgs(values);
if (!['population', 'oracle'].includes(values.twin)) throw new RangeError(`--twin: population or oracle (got ${values.twin})`);
if (!['success', 'tir'].includes(values['grid-objective'])) throw new RangeError(`--grid-objective: success or tir (got ${values['grid-objective']})`);
if (values.bound !== undefined && values.bound !== 'truth-grid') throw new RangeError(`--bound: truth-grid (got ${values.bound})`);
if ((values.twin !== 'population' || values.bound !== undefined || values['starts-from'] !== undefined) && role !== 'tuning') throw new RangeError('--twin oracle, --bound, --starts-from: bounds on --role tuning only');
if (!['usual', 'poor-in-truth'].includes(values.starts)) throw new RangeError(`--starts: usual or poor-in-truth (got ${values.starts})`);
if (!['per-purpose', 'shared'].includes(values.draws)) throw new RangeError(`--draws: per-purpose or shared (got ${values.draws})`);
if ((values.draws !== SETTINGS_JUDGING.judgingDraws || values.starts !== SETTINGS_JUDGING.starts) && role !== 'tuning') throw new RangeError('--draws, --starts: the earlier judging on --role tuning only');
const twin = values.twin as TwinKind;
const judging = { starts: values.starts as StartKind, judgingDraws: values.draws as DrawStreams };
/** --starts-from: each person's truth-chosen settings of an earlier --bound truth-grid run (its --json). */
const startBases: Record<string, PatientSettingsResult['recommendedSettings']> | undefined =
  values['starts-from'] === undefined
    ? undefined
    : Object.fromEntries((JSON.parse(readFileSync(values['starts-from'], 'utf8')) as { results: SettingsValidation[] }).results[0].patients.map((p) => [p.patientId, p.recommendedSettings]));

const f1 = (x: number): string => x.toFixed(1);
const arm = (a: { tir: number; tbr70: number }): string => `TIR ${f1(a.tir)} TBR70 ${a.tbr70.toFixed(2)}`;

function line(p: PatientSettingsResult): string {
  const r = p.recommended === null ? 'no change offered' : Object.entries(p.recommended).map(([k, v]) => `${k.split('_').slice(0, 2).join('_')} ${v > 0 ? '+' : ''}${v} %`).join(', ');
  const predicted = `${p.selection === undefined ? 'twin' : `truth's mean of ${p.selection.lives} selection lives over ${p.selection.candidates} settings`}: ${arm(p.predicted.start)} → ${p.predicted.recommended === null ? '–' : arm(p.predicted.recommended)}`;
  const checks = p.adequacy.map((a) => `${a.outcome} ${f1(a.predicted)}/${f1(a.observed)}`).join(' ');
  const why = (p.recommended === null && p.droppedReasons.length > 0 ? ` [${p.droppedReasons[0]}]` : '') + (p.forbidden.length > 0 ? ` {data forbid: ${p.forbidden.join(', ')}}` : '');
  const poor = p.poorStart === undefined ? '' : ` (usual factors ^${p.poorStart.exponent}, reference TIR ${f1(p.poorStart.referenceTir)})`;
  return (
    `${p.patientId} ${p.baseSubject.padEnd(20)} basal ×${p.start.basalFactor} ratio ×${p.start.carbRatioFactor}${poor}: ${r}${why}; ` +
    `truth: ${arm(p.truthStart)} → ${arm(p.truthRecommended)}; ${expected(p)}${predicted}; twin/CGM ${checks}; ${p.success ? 'met' : p.successTolerant ? 'met within tolerance' : 'NOT met'} (${f1(p.optimiseMs / 1000)} s)`
  );
}

const expected = (p: PatientSettingsResult): string =>
  p.expected === undefined ? '' : `mean of ${p.expected.lives} lives: ${arm(p.expected.truthStart)} → ${arm(p.expected.truthRecommended)} ${p.expected.success ? 'met' : 'NOT met'}; `;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2;
};

async function calibrate(): Promise<void> {
  const rows = await calibrateT1dWhatIf({ truth, role, count, ensembleSize: members, dataDays: Number(values['data-days']), twin, startBases, ...judging });
  for (const r of rows) console.log(`${r.patientId} ${r.baseSubject.padEnd(20)} basal ×${r.start.basalFactor} ratio ×${r.start.carbRatioFactor}: what-if ${arm(r.predicted)}; own CGM ${r.observed === null ? '–' : arm(r.observed)} (plasma ${arm(r.dataTruth)}); truth ${arm(r.truth)}`);
  const errorsOf = (errors: readonly number[]): string =>
    `mean ${f1(errors.reduce((s, e) => s + e, 0) / errors.length)}, median ${f1(median(errors))}, mean absolute ${f1(errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length)}`;
  for (const key of ['tir', 'tbr70'] as const) {
    const errors = rows.map((r) => r.predicted[key] - r.truth[key]);
    console.log(`${key}: predicted median ${f1(median(rows.map((r) => r.predicted[key])))}, true median ${f1(median(rows.map((r) => r.truth[key])))}; error (predicted − true) ${errorsOf(errors)}`);
    // the floor the data set: the person's own CGM of the data days taken as the prediction of their 14 days
    const seen = rows.flatMap((r) => (r.observed === null ? [] : [r.observed[key] - r.truth[key]]));
    console.log(`  the person's own CGM of the data days as the prediction (${seen.length} persons): error ${errorsOf(seen)}`);
    console.log(`  the true plasma glucose of the data days as the prediction: error ${errorsOf(rows.map((r) => r.dataTruth[key] - r.truth[key]))}`);
  }
}

function lives(): void {
  const names = ['optimise-evaluation', 'other-life-1', 'other-life-2', 'other-life-3'];
  const rows = startingSettingsLives({ truth, role, count, ...judging }, names);
  for (const r of rows) console.log(`${r.patientId} basal ×${r.start.basalFactor} ratio ×${r.start.carbRatioFactor}: 14 days in ${names.join(' / ')}: ${r.lives.map(arm).join(' / ')}`);
  for (const key of ['tir', 'tbr70'] as const) {
    const others = (r: (typeof rows)[number]): number => r.lives.slice(1).reduce((s, a) => s + a[key], 0) / (r.lives.length - 1);
    const vsMean = rows.reduce((s, r) => s + Math.abs(r.lives[0][key] - others(r)), 0) / rows.length;
    const vsOne = rows.reduce((s, r) => s + Math.abs(r.lives[0][key] - r.lives[1][key]), 0) / rows.length;
    console.log(`${key}: the evaluation's life against the mean of the other three, mean absolute difference ${f1(vsMean)}; against one other life ${f1(vsOne)}`);
  }
}

function nudge(): void {
  const rows = nudgedStartLives({ truth, role, count, startBases, ...judging }, pairedLifeTags(4));
  for (const r of rows) console.log(`${r.patientId}: ${r.pairs.map(([a, b]) => `${arm(a)} → ${arm(b)}`).join(' / ')}`);
  const pairs = rows.flatMap((r) => r.pairs);
  const stats = (d: (pair: (typeof pairs)[number]) => number): string => {
    const xs = pairs.map(d);
    return `mean |Δ| ${(xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length).toFixed(2)}, rms ${Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length).toFixed(2)}`;
  };
  console.log(`basal +0.01 U/h, ${pairs.length} paired lives (${judging.judgingDraws} draws, ${judging.starts} starts): TIR ${stats(([a, b]) => b.tir - a.tir)}; TBR70 ${stats(([a, b]) => b.tbr70 - a.tbr70)}`);
  console.log(`  TBR70 raised in ${pairs.filter(([a, b]) => b.tbr70 > a.tbr70).length}/${pairs.length}; by more than ${TBR_TOLERANCE_POINTS} points in ${pairs.filter(([a, b]) => b.tbr70 > a.tbr70 + TBR_TOLERANCE_POINTS).length}; TIR and TBR70 both unchanged in ${pairs.filter(([a, b]) => b.tir === a.tir && b.tbr70 === a.tbr70).length}`);
}

async function main(): Promise<void> {
  if (values.lives) return lives();
  if (values.nudge) return nudge();
  if (values.calibrate) {
    console.log(`what-if calibration ${new Date().toISOString()} — ${count} ${role} persons, truth ${truth}, ${members} members, load ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
    return calibrate();
  }
  console.log(`validate:optimise ${new Date().toISOString()} — ${cpus()[0]?.model ?? '?'}, ${cpus().length} logical CPUs, Node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
  const pairedLives = Number(values['paired-lives']);
  const bases = startBases === undefined ? 'the usual starts' : `starts poor in truth (truth-chosen settings of ${values['starts-from']} × the usual factors)`;
  const starts = judging.starts === 'usual' ? bases : `${bases} pushed until poor in truth (POOR_IN_TRUTH)`;
  const judged = `14 days on the true person (one life; and the mean of ${pairedLives} paired lives, ${judging.judgingDraws === 'per-purpose' ? 'common random numbers' : 'shared draws'}), ${starts}`;
  if (values.bound !== undefined) {
    const gridLives = Number(values['grid-lives']);
    console.log(`${count} ${role} persons, truth ${truth}, BOUND ${values.bound}: ${gridLives} selection lives, ${judged}`);
    const sut = await truthGridBound({ truth, role, count, pairedLives, startBases, ...judging }, { selectionLives: gridLives, extra: startBases, objective: values['grid-objective'] as GridObjective }, (p) => console.log(line(p)));
    if (values.json !== undefined) writeFileSync(values.json, JSON.stringify({ bound: values.bound, results: [sut] }, null, 1));
    console.log(`\n== ${sut.variant}`);
    process.exitCode = summarise(sut) ? 0 : 1;
    return;
  }
  console.log(`${count} ${role} persons, truth ${truth}, ${twin} twin, ${members} members, ${values['data-days']} days of data, ${judged}`);
  const rise = values['rise-probability'];
  const improvement = values['min-improvement'];
  const tuningOnly = rise !== undefined || improvement !== undefined || values.variants !== undefined;
  if (tuningOnly && role !== 'tuning') throw new RangeError('--rise-probability, --min-improvement, --variants: tune on --role tuning only');
  const variants: SettingsVariant[] =
    values.variants !== undefined
      ? (JSON.parse(readFileSync(values.variants, 'utf8')) as SettingsVariant[])
      : [
          {
            name: rise !== undefined || improvement !== undefined ? `rise probability ${rise ?? 'default'}, improvement probability ${improvement ?? 'default'}` : 'defaults',
            limits: rise === undefined ? undefined : { maxTimeBelow70RiseProbability: Number(rise) },
            optimise: improvement === undefined ? undefined : { minImprovementProbability: Number(improvement) },
          },
        ];
  const results = await validateT1dSettingsVariants({ truth, role, count, ensembleSize: members, dataDays: Number(values['data-days']), pairedLives, twin, startBases, ...judging }, variants, values.diagnose, (variant, p) => {
    console.log(`${variants.length > 1 ? `[${variant}] ` : ''}${line(p)}`);
    for (const f of p.finalists ?? []) console.log(`    ${finalistLine(f)}`);
  });
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify({ variants, results }, null, 1));
  let met = true;
  for (const sut of results) {
    if (results.length > 1 || sut.variant !== 'defaults') console.log(`\n== variant: ${sut.variant} ${JSON.stringify(variants.find((v) => v.name === sut.variant))}`);
    met = summarise(sut) && met;
  }
  if (results.length > 1) {
    console.log('\n| variant | success (exact) | within 0.25 points | no change | mean TIR change (95 % CI) | mean TBR<70 change (95 % CI) |\n|---|---|---|---|---|---|');
    for (const sut of results) console.log(tableRow(sut));
  }
  process.exitCode = met ? 0 : 1;
}

const ci = (x: { estimate: number; lower: number; upper: number }): string => `${f1(x.estimate)} (95 % CI ${f1(x.lower)} to ${f1(x.upper)})`;

function finalistLine(f: NonNullable<PatientSettingsResult['finalists']>[number]): string {
  const p = f.predicted;
  const s = f.settings;
  return (
    `finalist basal ${s.basalUnitsPerHour} U/h, ratio ${s.carbRatio}, factor ${s.correctionFactor}: predicted ΔTIR ${f1(p.tirGain)} (improving ${(100 * p.improving).toFixed(0)} %), ` +
    `ΔTBR70 ${p.tbr70Change.toFixed(2)} from ${p.tbr70Now.toFixed(2)} (rising ${(100 * p.tbr70Rising).toFixed(0)} %), ΔTBR54 ${p.tbr54Change.toFixed(2)} from ${p.tbr54Now.toFixed(2)}, member success ${(100 * p.success).toFixed(0)} %; ` +
    `truth ${arm(f.truth)}; ${f.reasons.length === 0 ? 'offered' : `dropped: ${f.reasons.join('; ')}`}`
  );
}

function summarise(sut: SettingsValidation): boolean {
  const n = sut.patients.length;
  const met = sut.successShare >= 0.8 && sut.meanTirGain.estimate >= 10;
  console.log(
    `TIR raised without raising TBR70: ${sut.patients.filter((p) => p.success).length}/${n} (${(100 * sut.successShare).toFixed(0)} %, goal ≥ 80 %); ` +
      `with TBR70 rise ≤ ${TBR_TOLERANCE_POINTS} points: ${sut.patients.filter((p) => p.successTolerant).length}/${n}; ` +
      `no change offered: ${sut.patients.filter((p) => p.recommended === null).length}/${n}`,
  );
  console.log(`mean TIR change ${ci(sut.meanTirGain)} points (goal ≥ 10); mean TBR70 change ${ci(sut.meanTbr70Change)} points; TBR70 raised for ${sut.patients.filter((p) => p.truthRecommended.tbr70 > p.truthStart.tbr70).length}/${n}; CPU ${(sut.cpuMs / 1000).toFixed(0)} s`);
  console.log(met ? 'both criteria met (one life, the Done-when as it reads)' : 'NOT MET (one life, the Done-when as it reads)');
  const e = sut.expected;
  if (e !== undefined) {
    console.log(
      `expected effect on the true person (mean of ${e.lives} paired lives): TIR raised without raising TBR70 ${sut.patients.filter((p) => p.expected!.success).length}/${n} (${(100 * e.successShare).toFixed(0)} %); ` +
        `mean TIR change ${ci(e.meanTirGain)} points; mean TBR70 change ${ci(e.meanTbr70Change)} points`,
    );
  }
  return met;
}

function tableRow(sut: SettingsValidation & { variant: string }): string {
  const n = sut.patients.length;
  const count = (f: (p: PatientSettingsResult) => boolean): string => `${sut.patients.filter(f).length} / ${n}`;
  const e = sut.expected;
  const k = e === undefined ? '' : ` ${count((p) => p.expected!.success)}, ${ci(e.meanTirGain)} (mean of ${e.lives} lives) |`;
  return `| ${sut.variant} | ${count((p) => p.success)} | ${count((p) => p.successTolerant)} | ${sut.patients.filter((p) => p.recommended === null).length} | ${ci(sut.meanTirGain)} | ${ci(sut.meanTbr70Change)} |${k}`;
}

void main();
