/**
 * npm run bench:personalisation -- [--patients 30] [--hours 12] [--days 3] [--seed 2027] [--model models/shuji-fm-v2]
 *
 * How many hours of data the T1D twin needs to reach its day-3 forecast accuracy, started (a) from a population
 * prior or (b) from the foundation model's personalisation head applied to the first N hours of the person's data.
 * Held-out virtual patients: generateVirtualPatient of @shuji/twin with cohort seed 2027 (the FM corpus uses
 * sampleVirtualSubjects with seed 1 and its own meal plan; seed 2027 is never in training).
 *
 * Both arms use the same non-estimated parameters: the geometric mean of the 10 shared UVA/Padova subjects of the
 * person's age group (age group assumed known, as in a clinic). They differ only in the prior of the estimated
 * log-parameters (DEFAULT_ESTIMATED: Vmx, kp3, kabs, p2u):
 *   (a) the age group's log mean, SD = √(s_group² + 0.1²) (s_group: SD of ln θ over the group's 10 subjects;
 *       0.1: the virtual patients' perturbation), i.e. the marginal spread of the truth: a wide prior;
 *   (b) the head's mean and SD from tokens at t = N h (CGM, carbs, boluses of hours 0…N; fingersticks are not in
 *       the FM's T1D training data and are left out of its input).
 * Both twins assimilate every event from t = 0 (in (b) the first N hours thus inform both the prior and the
 * filter; blocks before N are shown but not used for the comparison). 30-min CGM forecasts every 15 min are
 * scored against the reading that then arrives; RMSE per 6-h block pooled over patients; "hours to day-3 level":
 * the start of the first block from which every later block is within 5 % of the arm's own day-3 level, read two
 * ways (see hoursToDay3). A third twin that is given the true parameters is the reference for the second reading.
 * A script, not a test: ~7 s CPU per patient for the three twins (~3.5 min for 30 on a shared 2-core machine).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OBSERVATION_CODES, type TimelineObservation, FoundationModel, type PersonalParameterPrior } from '@shuji/foundation-model';
import { uvaPadovaSubjects } from '@shuji/models';
import {
  cgmForecastPoints,
  DEFAULT_ESTIMATED,
  DEFAULT_TWIN_SETTINGS,
  forecastReading,
  generateVirtualPatient,
  ObservationCodes,
  T1dGlucoseComponent,
  TwinEngine,
  type EstimatedParameter,
  type VirtualPatient,
} from '@shuji/twin';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '30' },
    hours: { type: 'string', default: '12' },
    days: { type: 'string', default: '3' },
    seed: { type: 'string', default: '2027' },
    model: { type: 'string', default: join(__dirname, '..', 'models', 'shuji-fm-v2') },
    json: { type: 'string' },
  },
});
const PATIENTS = Number(values.patients);
const N_HOURS = Number(values.hours);
const DAYS = Number(values.days);
const SEED = Number(values.seed);
const BLOCK_H = 6;
const HORIZON_MIN = 30;
const FORECAST_EVERY_MIN = 15;
const VP_LOG_SD = 0.1;
const CGM = ObservationCodes.cgmGlucose.loinc;
const MS_PER_MIN = 60_000;

type Arm = 'population' | 'head' | 'truth';
/** `truth` is the reference, not a candidate: the twin given the person's true parameters (SD 0.02). */
const ARMS: readonly Arm[] = ['population', 'head', 'truth'];
const TRUTH_LOG_SD = 0.02;

const ageGroup = (subject: string): string => subject.split('#')[0];

/** Geometric mean of every parameter and SD of ln θ over a group's shared subjects. */
function groupPrior(group: string): { prior: Record<string, number>; logSd: Record<string, number> } {
  const members = uvaPadovaSubjects().filter((s) => ageGroup(s.name) === group);
  const prior: Record<string, number> = {};
  const logSd: Record<string, number> = {};
  for (const name of Object.keys(members[0].parameters)) {
    const logs = members.map((s) => Math.log(s.parameters[name]));
    if (logs.some((x) => !Number.isFinite(x))) {
      prior[name] = members.reduce((a, s) => a + s.parameters[name], 0) / members.length; // zero or negative: arithmetic
      continue;
    }
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    prior[name] = Math.exp(mean);
    logSd[name] = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
  }
  return { prior, logSd };
}

/** The person's first N hours as the FM's timeline (minutes from the start, corpus codes). */
function timeline(vp: VirtualPatient, untilMin: number): TimelineObservation[] {
  const t0 = vp.truth.timeMs[0];
  const out: TimelineObservation[] = [];
  for (const e of vp.events) {
    const t = (e.timeMs - t0) / MS_PER_MIN;
    if (t > untilMin) break;
    if (e.kind === 'observation' && e.loinc === CGM) out.push({ c: OBSERVATION_CODES.cgm, t, v: e.value });
    else if (e.kind === 'meal') out.push({ c: OBSERVATION_CODES.carbs, t, v: e.carbsG });
    else if (e.kind === 'insulin-bolus') out.push({ c: OBSERVATION_CODES.bolus, t, v: e.units });
  }
  return out;
}

interface ArmRun {
  /** Per 6-h block: squared errors and count. */
  readonly blocks: { se: number; n: number }[];
  readonly cpuMs: number;
}

function runTwin(vp: VirtualPatient, prior: Record<string, number>, estimated: readonly EstimatedParameter[]): ArmRun {
  const started = process.cpuUsage();
  const component = new T1dGlucoseComponent({ prior, estimated });
  const engine = new TwinEngine(vp.patientId, component, DEFAULT_TWIN_SETTINGS);
  const t0 = vp.truth.timeMs[0];
  const blocks = Array.from({ length: Math.ceil((DAYS * 24) / BLOCK_H) }, () => ({ se: 0, n: 0 }));
  // from the first CGM reading on
  const fromMs = vp.events.find((e) => e.kind === 'observation' && e.loinc === CGM)?.timeMs ?? t0;
  for (const { reading, targets } of cgmForecastPoints(engine, vp.events, { fromMs, horizonsMin: [HORIZON_MIN], everyMin: FORECAST_EVERY_MIN })) {
    const [f] = forecastReading(engine, CGM, [HORIZON_MIN]);
    const block = blocks[Math.floor((reading.timeMs - t0) / (BLOCK_H * 60 * MS_PER_MIN))];
    block.se += (f.mean - targets[0]) ** 2;
    block.n++;
  }
  const used = process.cpuUsage(started);
  return { blocks, cpuMs: (used.user + used.system) / 1000 };
}

const rmse = (b: { se: number; n: number }): number => Math.sqrt(b.se / b.n);

type Block = { se: number; n: number };

/**
 * Hours until the twin reaches its day-3 level: the start of the first block (at or after `fromBlock`) from which
 * every later block is within 5 % of its day-3 level. Two readings of "level", because a 6-h block's RMSE depends
 * on that day's meals as much as on what the twin knows:
 * - `clock`: the RMSE of the same clock-time block on the last day (removes the meal rhythm only);
 * - `truth`: the ratio to the reference twin that knows the true parameters, in the same block, against that ratio
 *   in the same clock-time block of the last day (also removes each day's own meals).
 * The last day's blocks meet both by definition, so the answer is at most (DAYS − 1)·24.
 */
function hoursToDay3(blocks: readonly Block[], fromBlock: number, reference?: readonly Block[]): { hours: number; day3: number } {
  const perDay = 24 / BLOCK_H;
  const lastDay = (DAYS - 1) * perDay;
  const pool = (x: readonly Block[]): number => rmse({ se: x.reduce((a, b) => a + b.se, 0), n: x.reduce((a, b) => a + b.n, 0) });
  const day3 = pool(blocks.slice(lastDay));
  const within = (b: number): boolean =>
    reference === undefined
      ? rmse(blocks[b]) <= 1.05 * rmse(blocks[lastDay + (b % perDay)])
      : rmse(blocks[b]) / rmse(reference[b]) <= 1.05 * (rmse(blocks[lastDay + (b % perDay)]) / rmse(reference[lastDay + (b % perDay)]));
  let first = blocks.length;
  for (let b = blocks.length - 1; b >= fromBlock; b--) {
    if (!within(b)) break;
    first = b;
  }
  return { hours: first * BLOCK_H, day3 };
}

async function main(): Promise<void> {
  const fm = await FoundationModel.load({ modelDir: values.model, maxWaitMs: 0 });
  if (!fm.hasPersonalisation) throw new Error(`${values.model} has no personalisation head (personal_log_params)`);
  const pooled: Record<Arm, Block[]> = { population: [], head: [], truth: [] };
  const perPatient: Record<Arm, number[]> = { population: [], head: [], truth: [] };
  const headStats = DEFAULT_ESTIMATED.map(() => ({ inside: 0, errHead: 0, errPop: 0, sd: 0 }));
  const fromBlock = Math.ceil(N_HOURS / BLOCK_H);
  for (let index = 0; index < PATIENTS; index++) {
    const vp = generateVirtualPatient({ index, days: DAYS, seed: SEED });
    const group = groupPrior(ageGroup(vp.baseSubject));
    const forecast = await fm.forecast(timeline(vp, N_HOURS * 60), N_HOURS * 60);
    const head = new Map((forecast.personal ?? []).map((p: PersonalParameterPrior) => [p.name, p]));
    const populationEstimated = DEFAULT_ESTIMATED.map((e) => ({ ...e, logSd: Math.hypot(group.logSd[e.name], VP_LOG_SD) }));
    const headPrior = { ...group.prior };
    const headEstimated = DEFAULT_ESTIMATED.map((e, j) => {
      const h = head.get(e.name);
      if (h === undefined) throw new Error(`the head gives no prior for ${e.name}`);
      headPrior[e.name] = Math.exp(h.logMean);
      const truth = Math.log(vp.trueParameters[e.name]);
      headStats[j].inside += Math.abs(truth - h.logMean) <= 1.645 * h.logSd ? 1 : 0;
      headStats[j].errHead += (truth - h.logMean) ** 2;
      headStats[j].errPop += (truth - Math.log(group.prior[e.name])) ** 2;
      headStats[j].sd += h.logSd;
      return { ...e, logSd: h.logSd };
    });
    const runs: Record<Arm, ArmRun> = {
      population: runTwin(vp, group.prior, populationEstimated),
      head: runTwin(vp, headPrior, headEstimated),
      truth: runTwin(vp, vp.trueParameters, DEFAULT_ESTIMATED.map((e) => ({ ...e, logSd: TRUTH_LOG_SD }))),
    };
    for (const arm of ARMS) {
      runs[arm].blocks.forEach((b, i) => {
        pooled[arm][i] ??= { se: 0, n: 0 };
        pooled[arm][i].se += b.se;
        pooled[arm][i].n += b.n;
      });
      perPatient[arm].push(hoursToDay3(runs[arm].blocks, fromBlock).hours);
    }
    console.log(
      `${vp.patientId} (${vp.baseSubject}): ` +
        ARMS.map((arm) => `${arm} ${runs[arm].blocks.map((b) => rmse(b).toFixed(1)).join(' ')} (${(runs[arm].cpuMs / 1000).toFixed(0)} s)`).join(' | '),
    );
  }
  const median = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
  console.log(`\ncohort seed ${SEED}, ${PATIENTS} patients, ${DAYS} days, head input: first ${N_HOURS} h; 30-min CGM forecast RMSE (mg/dL) per ${BLOCK_H}-h block`);
  console.log(`| hours | ${pooled.population.map((_, i) => `${i * BLOCK_H}–${(i + 1) * BLOCK_H}`).join(' | ')} |`);
  console.log(`| --- | ${pooled.population.map(() => '---').join(' | ')} |`);
  const summary: Record<string, unknown> = {};
  for (const arm of ARMS) {
    const clock = hoursToDay3(pooled[arm], fromBlock);
    const truth = hoursToDay3(pooled[arm], fromBlock, pooled.truth);
    console.log(`| ${arm} | ${pooled[arm].map((b) => rmse(b).toFixed(1)).join(' | ')} |`);
    summary[arm] = {
      blocks: pooled[arm].map(rmse),
      day3Rmse: clock.day3,
      hoursClock: clock.hours,
      hoursTruth: truth.hours,
      medianPatientHoursClock: median(perPatient[arm]),
    };
  }
  for (const arm of ARMS.filter((a) => a !== 'truth')) {
    console.log(`| ${arm} ÷ truth | ${pooled[arm].map((b, i) => (rmse(b) / rmse(pooled.truth[i])).toFixed(3)).join(' | ')} |`);
  }
  const perDay = 24 / BLOCK_H;
  for (const arm of ARMS) {
    const days = Array.from({ length: DAYS }, (_, d) => {
      const x = pooled[arm].slice(d * perDay + (d === 0 ? fromBlock : 0), (d + 1) * perDay);
      const t = pooled.truth.slice(d * perDay + (d === 0 ? fromBlock : 0), (d + 1) * perDay);
      const sum = (y: Block[]): Block => ({ se: y.reduce((a, b) => a + b.se, 0), n: y.reduce((a, b) => a + b.n, 0) });
      return `day ${d + 1}${d === 0 ? ` from ${fromBlock * BLOCK_H} h` : ''} ${rmse(sum(x)).toFixed(2)} (÷ truth ${(rmse(sum(x)) / rmse(sum(t))).toFixed(3)})`;
    });
    console.log(`${arm} per day: ${days.join(', ')}`);
    (summary[arm] as Record<string, unknown>).days = days;
  }
  for (const arm of ARMS) {
    const s = summary[arm] as { day3Rmse: number; hoursClock: number; hoursTruth: number; medianPatientHoursClock: number };
    console.log(
      `${arm}: day-3 RMSE ${s.day3Rmse.toFixed(2)} mg/dL; within 5 % of its day-3 level from hour ${s.hoursClock} (clock-time blocks; ` +
        `per-patient median ${s.medianPatientHoursClock} h), from hour ${s.hoursTruth} (ratio to the true-parameter twin)`,
    );
  }
  console.log('\nhead prior vs truth (ln θ), at hour ' + N_HOURS);
  DEFAULT_ESTIMATED.forEach((e, j) => {
    const s = headStats[j];
    console.log(
      `${e.name}: RMSE head ${Math.sqrt(s.errHead / PATIENTS).toFixed(3)} vs age-group mean ${Math.sqrt(s.errPop / PATIENTS).toFixed(3)}, ` +
        `mean SD ${(s.sd / PATIENTS).toFixed(3)}, 90 % interval covers truth ${s.inside}/${PATIENTS}`,
    );
  });
  summary.head = { ...(summary.head as object), prior: DEFAULT_ESTIMATED.map((e, j) => ({ name: e.name, ...headStats[j] })) };
  if (values.json !== undefined) {
    writeFileSync(values.json, JSON.stringify({ patients: PATIENTS, hours: N_HOURS, days: DAYS, seed: SEED, ...summary }, null, 2) + '\n');
  }
  await fm.close();
}

void main();
