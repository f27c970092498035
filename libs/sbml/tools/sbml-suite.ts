/**
 * Run the SBML Test Suite semantic cases: `npm run sbml:suite -- <cases-dir> [--json <file>] [--only 00001,00002]`.
 * Prints pass / fail / unsupported counts overall, per component tag and per test tag.
 */
import { writeFileSync } from 'node:fs';
import loadHighs from 'highs';
import { formatSuiteReport, runSuite } from '../src/index';

async function main(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  let json: string | undefined;
  let only: string[] | undefined;
  const positional: string[] = [];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === '--json') json = args.shift();
    else if (a === '--only') only = (args.shift() ?? '').split(',').filter(Boolean);
    else positional.push(a);
  }
  const [dir] = positional;
  if (!dir) {
    process.stderr.write('usage: sbml-suite <cases-dir> [--json <file>] [--only <ids>]\n');
    return 2;
  }
  // HiGHS (WebAssembly) answers the flux-balance cases.
  const lp = await loadHighs();
  const { report } = runSuite(dir, only, { lp });
  process.stdout.write(`${formatSuiteReport(report)}\n`);
  if (json) writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
