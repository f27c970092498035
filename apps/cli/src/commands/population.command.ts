import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parsePopulationScenario, resultCsv, resultParquet, runPopulation } from '@shuji/population';
import type { CliIo } from '../main';
import { parseFlags, UsageError } from '../parse-args.util';
import { progressBar } from '../progress-bar.util';

/**
 * `shuji population --scenario s.json --json out.json [--csv out.csv] [--parquet out.parquet] [--threads n]`:
 * the job in this process over worker threads; writes per-arm metrics with 95 % intervals and the differences.
 */
export async function populationCommand(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['scenario', 'json', 'csv', 'parquet', 'threads']);
  const scenarioPath = flags.get('scenario');
  if (scenarioPath === undefined) throw new UsageError('--scenario: required');
  if (!flags.has('json') && !flags.has('csv') && !flags.has('parquet')) throw new UsageError('--json, --csv or --parquet: give at least one output');
  const threads = flags.has('threads') ? Number(flags.get('threads')) : undefined;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) throw new UsageError('--threads: must be a whole number (0 runs in this thread)');
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, scenarioPath), 'utf8');
  } catch (error) {
    throw new UsageError(`--scenario: cannot read ${scenarioPath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--scenario: ${scenarioPath} is not valid JSON (${(error as Error).message})`);
  }
  const scenario = parsePopulationScenario(json);
  const bar = io.isTTY === true ? progressBar(io.stderr) : undefined;
  const run = await runPopulation(scenario, { threads, onProgress: bar });
  const { result } = run;
  const rate = run.personDays / (run.wallMs / 1000);
  io.stderr(`shuji: ${result.persons} people × ${scenario.arms.length} arms, ${run.personDays} person-days in ${(run.wallMs / 1000).toFixed(1)} s (${Math.round(rate)} person-days/s)${result.failed > 0 ? `, ${result.failed} left out (solver failed)` : ''}\n`);
  const writes: [string | undefined, () => Promise<string | Uint8Array>][] = [
    [flags.get('json'), async () => `${JSON.stringify(result, null, 2)}\n`],
    [flags.get('csv'), async () => resultCsv(result)],
    [flags.get('parquet'), () => resultParquet(result)],
  ];
  for (const [path, content] of writes) {
    if (path === undefined) continue;
    await writeFile(resolve(io.cwd, path), await content());
    io.stderr(`shuji: → ${resolve(io.cwd, path)}\n`);
  }
  return result.failed > 0 ? 1 : 0;
}
