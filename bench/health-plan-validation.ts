/**
 * validate:health-plan — the T1D health plan's actions against known truth (issue 15 item 3; libs/recommend
 * plan/validation: the optimiser validation's persons, truth and twin after 3 days of data; every action, offered or
 * not, lived by the true person for 14 days with and without it on one life). Prints each person and, per action: how
 * often simulated and offered, how often the offered action raised true TIR without raising true time below 70, the
 * mean true changes with person-bootstrap 95 % intervals (over the persons it was offered to, and over all), the
 * calibration of the predicted change (predicted − true) and the missed benefit (not offered, would have helped).
 * The sealed role is the reported, held-out cohort: run it once, after looking at `tuning`.
 * Usage: tsx bench/health-plan-validation.ts [--role tuning|regression|sealed] [--truth s2008-misspecified|hovorka]
 *   [--count 10] [--members 32] [--data-days 3] [--lives 8] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { cohortArgs, validateHealthPlan, type ActionSummary, type PersonPlanResult } from '@shuji/recommend';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'tuning' },
    truth: { type: 'string', default: 's2008-misspecified' },
    count: { type: 'string', default: '10' },
    members: { type: 'string', default: '32' },
    'data-days': { type: 'string', default: '3' },
    lives: { type: 'string', default: '8' },
    json: { type: 'string' },
  },
});
const { role, truth, count, members } = cohortArgs(values);

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const sign = (x: number, f = f1): string => `${x >= 0 ? '+' : ''}${f(x)}`;
const ci = (x: { estimate: number; lower: number; upper: number } | null, f = f1): string => (x === null ? '–' : `${sign(x.estimate, f)} (${sign(x.lower, f)} to ${sign(x.upper, f)})`);

function line(p: PersonPlanResult): string {
  const actions = p.actions.map((a) => {
    const predicted = a.predicted === null ? 'not simulated' : `predicted ΔTIR ${sign(a.predicted.tir.mean)} (${sign(a.predicted.tir.q10)} to ${sign(a.predicted.tir.q90)}), ΔTBR70 ${sign(a.predicted.tbr70.mean, f2)}`;
    const verdict = a.offered ? 'OFFERED' : `not offered [${a.reason}]`;
    return `  ${a.id}: ${verdict}; ${predicted}; true ΔTIR ${sign(a.trueTirChange)}, ΔTBR70 ${sign(a.trueTbr70Change, f2)}${a.helped ? ' (helped)' : ''}`;
  });
  return (
    `${p.patientId} ${p.baseSubject.padEnd(20)} basal ×${p.start.basalFactor} ratio ×${p.start.carbRatioFactor}: truth without TIR ${f1(p.truthWithout.tir)} TBR70 ${f2(p.truthWithout.tbr70)}; ` +
    `${p.headline} (${f1(p.cpuMs / 1000)} s CPU)\n${actions.join('\n')}`
  );
}

function row(s: ActionSummary): string {
  const c = s.calibration;
  return (
    `| ${s.id} | ${s.simulated} / ${s.persons} | ${s.offered} / ${s.persons} | ${s.offered === 0 ? '–' : `${s.offeredHelped} / ${s.offered}`} | ${ci(s.offeredTirChange)} | ${ci(s.offeredTbr70Change, f2)} | ` +
    `${ci(s.allTirChange)} | ${ci(s.allTbr70Change, f2)} | ${c === null ? '–' : `${sign(c.meanError)} / ${f1(c.meanAbsoluteError)} / ${Math.round(100 * c.withinQ10Q90)} % / ${sign(c.tbr70MeanError, f2)}`} | ` +
    `${s.missedBenefit} (${s.missedMaterialBenefit}) |`
  );
}

async function main(): Promise<void> {
  console.log(`validate:health-plan ${new Date().toISOString()} — ${cpus()[0]?.model ?? '?'}, ${cpus().length} logical CPUs, Node ${process.version}, load ${loadavg().map(f2).join(' / ')}`);
  console.log(`${count} ${role} persons, truth ${truth}, ${members} members, ${values['data-days']} days of data, 14 days on the true person per arm in each of ${values.lives} lives`);
  const sut = await validateHealthPlan({ truth, role, count, ensembleSize: members, dataDays: Number(values['data-days']), lives: Number(values.lives) }, (p) => console.log(line(p)));
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(sut, null, 1));
  console.log(
    '\n| action | simulated | offered | offered and helped (TIR ↑, TBR<70 not ↑) | true ΔTIR when offered (95 % CI) | true ΔTBR<70 when offered | true ΔTIR, all persons | true ΔTBR<70, all persons | ' +
      'predicted − true ΔTIR: mean / mean abs. / true in 10–90 % / ΔTBR<70 mean | missed benefit (≥ 1 point) |\n|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const s of sut.actions) console.log(row(s));
  console.log(`CPU ${f1(sut.cpuMs / 1000)} s, load ${loadavg().map(f2).join(' / ')} at the end`);
}

void main();
