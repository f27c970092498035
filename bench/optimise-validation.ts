/**
 * validate:optimise — issue 15's "Done when" for the T1D settings optimiser, by issue 14's rules (libs/recommend
 * optimise/validation: persons around one role's base subjects, truth with structure the twin lacks, population
 * prior, 3 days of data on poor starting settings, the recommendation lived by the true person for 14 days). Prints
 * each person with the diagnosis (predicted against realised) and the two criteria (≥ 80 % raise TIR without
 * raising time below 70; mean TIR gain ≥ 10 points, with a person-bootstrap 95 % interval); exits 1 when either is
 * not met. The sealed role is the reported, held-out cohort: run it once, after tuning on `tuning`.
 * Usage: tsx bench/optimise-validation.ts [--role sealed] [--truth s2008-misspecified|hovorka] [--count 30] [--members 64] [--data-days 3]
 *   [--rise-probability P] [--min-improvement P] (tuning alternatives to the defaults)
 *   [--calibrate] (the what-if itself instead: its prediction for the starting settings over 14 days against the
 *   true person's realised 14 days, per person and as median and mean error; no optimisation)
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { calibrateT1dWhatIf, TBR_TOLERANCE_POINTS, validateT1dSettings, type PatientSettingsResult } from '@shuji/recommend';
import type { SubjectRole } from '@shuji/twin';

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
    calibrate: { type: 'boolean', default: false },
  },
});
const role = values.role as SubjectRole;
const truth = values.truth as 's2008-misspecified' | 'hovorka';
if (!['tuning', 'regression', 'sealed'].includes(role)) throw new RangeError(`--role: tuning, regression or sealed (got ${role})`);
if (!['s2008-misspecified', 'hovorka'].includes(truth)) throw new RangeError(`--truth: s2008-misspecified or hovorka (got ${truth})`);
const count = Number(values.count);
const members = Number(values.members);

const f1 = (x: number): string => x.toFixed(1);
const arm = (a: { tir: number; tbr70: number }): string => `TIR ${f1(a.tir)} TBR70 ${a.tbr70.toFixed(2)}`;

function line(p: PatientSettingsResult): string {
  const r = p.recommended === null ? 'no change offered' : Object.entries(p.recommended).map(([k, v]) => `${k.split('_').slice(0, 2).join('_')} ${v > 0 ? '+' : ''}${v} %`).join(', ');
  const predicted = `twin: ${arm(p.predicted.start)} → ${p.predicted.recommended === null ? '–' : arm(p.predicted.recommended)}`;
  const checks = p.adequacy.map((a) => `${a.outcome} ${f1(a.predicted)}/${f1(a.observed)}`).join(' ');
  const why = p.recommended === null && p.droppedReasons.length > 0 ? ` [${p.droppedReasons[0]}]` : '';
  return (
    `${p.patientId} ${p.baseSubject.padEnd(20)} basal ×${p.start.basalFactor} ratio ×${p.start.carbRatioFactor}: ${r}${why}; ` +
    `truth: ${arm(p.truthStart)} → ${arm(p.truthRecommended)}; ${predicted}; twin/CGM ${checks}; ${p.success ? 'met' : p.successTolerant ? 'met within tolerance' : 'NOT met'} (${f1(p.optimiseMs / 1000)} s)`
  );
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2;
};

async function calibrate(): Promise<void> {
  const rows = await calibrateT1dWhatIf({ truth, role, count, ensembleSize: members, dataDays: Number(values['data-days']) });
  for (const r of rows) console.log(`${r.patientId} ${r.baseSubject.padEnd(20)} basal ×${r.start.basalFactor} ratio ×${r.start.carbRatioFactor}: what-if ${arm(r.predicted)}; truth ${arm(r.truth)}`);
  for (const key of ['tir', 'tbr70'] as const) {
    const errors = rows.map((r) => r.predicted[key] - r.truth[key]);
    console.log(
      `${key}: predicted median ${f1(median(rows.map((r) => r.predicted[key])))}, true median ${f1(median(rows.map((r) => r.truth[key])))}; ` +
        `error (predicted − true) mean ${f1(errors.reduce((s, e) => s + e, 0) / errors.length)}, median ${f1(median(errors))}, mean absolute ${f1(errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length)}`,
    );
  }
}

async function main(): Promise<void> {
  if (values.calibrate) {
    console.log(`what-if calibration ${new Date().toISOString()} — ${count} ${role} persons, truth ${truth}, ${members} members, load ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
    return calibrate();
  }
  console.log(`validate:optimise ${new Date().toISOString()} — ${cpus()[0]?.model ?? '?'}, ${cpus().length} logical CPUs, Node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
  console.log(`${count} ${role} persons, truth ${truth}, ${members} members, ${values['data-days']} days of data, 14 days on the true person`);
  const rise = values['rise-probability'];
  const improvement = values['min-improvement'];
  if ((rise !== undefined || improvement !== undefined) && role !== 'tuning') throw new RangeError('--rise-probability, --min-improvement: tune on --role tuning only');
  const sut = await validateT1dSettings({
    truth,
    role,
    count,
    ensembleSize: members,
    dataDays: Number(values['data-days']),
    limits: rise === undefined ? undefined : { maxTimeBelow70RiseProbability: Number(rise) },
    optimise: improvement === undefined ? undefined : { minImprovementProbability: Number(improvement) },
  });
  if (rise !== undefined || improvement !== undefined) console.log(`tuning alternative: rise probability ${rise ?? 'default'}, improvement probability ${improvement ?? 'default'}`);
  for (const p of sut.patients) console.log(line(p));
  const ci = (x: { estimate: number; lower: number; upper: number }): string => `${f1(x.estimate)} (95 % CI ${f1(x.lower)} to ${f1(x.upper)})`;
  const n = sut.patients.length;
  const met = sut.successShare >= 0.8 && sut.meanTirGain.estimate >= 10;
  console.log(
    `TIR raised without raising TBR70: ${sut.patients.filter((p) => p.success).length}/${n} (${(100 * sut.successShare).toFixed(0)} %, goal ≥ 80 %); ` +
      `with TBR70 rise ≤ ${TBR_TOLERANCE_POINTS} points: ${sut.patients.filter((p) => p.successTolerant).length}/${n}; ` +
      `no change offered: ${sut.patients.filter((p) => p.recommended === null).length}/${n}`,
  );
  console.log(`mean TIR change ${ci(sut.meanTirGain)} points (goal ≥ 10); mean TBR70 change ${ci(sut.meanTbr70Change)} points; TBR70 raised for ${sut.patients.filter((p) => p.truthRecommended.tbr70 > p.truthStart.tbr70).length}/${n}; CPU ${(sut.cpuMs / 1000).toFixed(0)} s`);
  console.log(met ? 'both criteria met' : 'NOT MET');
  process.exitCode = met ? 0 : 1;
}

void main();
