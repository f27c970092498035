/**
 * Run the SBML Test Suite semantic cases: `npm run sbml:suite -- <cases-dir> [--json <file>] [--only 00001,00002]
 *  [--level l3v1]` (`--level` chooses which file of each case is read; default l3v2, else l3v1).
 * Prints pass / fail / unsupported counts overall, per component tag and per test tag.
 */
import { writeFileSync } from 'node:fs';
import loadHighs from 'highs';
import { formatSuiteReport, parseSuiteFileLevels, runSuite, type SuiteFileLevel } from '../src/index';

async function main(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  let json: string | undefined;
  let only: string[] | undefined;
  let files: SuiteFileLevel[] | undefined;
  const positional: string[] = [];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === '--json') json = args.shift();
    else if (a === '--level') files = parseSuiteFileLevels(args.shift() ?? '');
    else if (a === '--only') only = (args.shift() ?? '').split(',').filter(Boolean);
    else positional.push(a);
  }
  const [dir] = positional;
  if (!dir) {
    process.stderr.write('usage: sbml-suite <cases-dir> [--json <file>] [--only <ids>] [--level l3v2,l3v1]\n');
    return 2;
  }
  // HiGHS (WebAssembly) answers the flux-balance cases.
  const lp = await loadHighs();
  const { report } = runSuite(dir, only, { lp, files });
  process.stdout.write(`${formatSuiteReport(report)}\n`);
  if (json) writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
