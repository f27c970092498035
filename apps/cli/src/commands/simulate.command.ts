import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compileModel, getCompiledModel, getModelRegistration, type ModelRegistration, parseScenario, runScenario } from '@shuji/models';
import { importSbml, parseSbmlMapping, type SbmlMapping, sbmlRegistration } from '@shuji/sbml';
import type { CliIo } from '../main';
import { parseFlags, UsageError } from '../parse-args.util';
import { toCsv } from '../write-csv.util';

async function readJson(path: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--${flag}: ${path} is not valid JSON (${(error as Error).message})`);
  }
}

function parseParams(json: unknown): Record<string, number> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError('--params: must be a JSON object of parameter name → number');
  }
  const params: Record<string, number> = {};
  for (const [name, value] of Object.entries(json)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new UsageError(`--params: ${name} must be a number`);
    params[name] = value;
  }
  return params;
}

/** Without a mapping file an SBML model's time is taken to be minutes and every species is an output. */
const DEFAULT_SBML_MAPPING: SbmlMapping = { time_unit: 'min' };

async function readSbmlRegistration(xmlPath: string, mapPath: string | undefined): Promise<ModelRegistration> {
  let xml: string;
  try {
    xml = await readFile(xmlPath, 'utf8');
  } catch (error) {
    throw new UsageError(`--sbml: cannot read ${xmlPath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const mapping = mapPath === undefined ? DEFAULT_SBML_MAPPING : parseSbmlMapping(await readJson(mapPath, 'map'));
  return sbmlRegistration(importSbml(xml), mapping);
}

/** Runs one scenario and writes `time_min` plus one column per model output. */
export async function simulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['model', 'sbml', 'map', 'patient', 'scenario', 'out', 'params', 'every']);
  const need = (name: string): string => {
    const value = flags.get(name);
    if (value === undefined) throw new UsageError(`--${name}: required`);
    return value;
  };
  const sbmlPath = flags.get('sbml');
  if ((sbmlPath === undefined) === (flags.get('model') === undefined)) throw new UsageError('--model or --sbml: give exactly one');
  if (sbmlPath === undefined && flags.has('map')) throw new UsageError('--map: only with --sbml');
  const scenarioPath = resolve(io.cwd, need('scenario'));
  const outPath = resolve(io.cwd, need('out'));
  const every = flags.has('every') ? Number(flags.get('every')) : 5;
  if (!Number.isFinite(every) || every <= 0) throw new UsageError('--every: must be a positive number of minutes');
  const mapPath = flags.get('map');
  const registration =
    sbmlPath === undefined
      ? getModelRegistration(need('model'))
      : await readSbmlRegistration(resolve(io.cwd, sbmlPath), mapPath === undefined ? undefined : resolve(io.cwd, mapPath));
  const model = sbmlPath === undefined ? getCompiledModel(need('model')) : compileModel(registration.spec);
  const scenario = parseScenario(await readJson(scenarioPath, 'scenario'));
  const paramsPath = flags.get('params');
  const parameters = paramsPath === undefined ? undefined : parseParams(await readJson(resolve(io.cwd, paramsPath), 'params'));

  const result = runScenario(registration, model, { subject: flags.get('patient'), scenario, parameters, everyMin: every });
  if (result.outcome !== 'success') {
    io.stderr(`shuji: solver stopped early (${result.outcome}${result.message ? `: ${result.message}` : ''})\n`);
  }
  const m = result.outputNames.length;
  const csv = toCsv(['time_min', ...result.outputNames], result.timesMin.length, (r, c) =>
    c === 0 ? result.timesMin[r] : result.outputs[r * m + c - 1],
  );
  await writeFile(outPath, csv);
  io.stderr(`shuji: ${result.timesMin.length} rows → ${outPath}\n`);
  return result.outcome === 'success' ? 0 : 1;
}
