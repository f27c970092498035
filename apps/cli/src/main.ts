/**
 * `shuji` command line: `models` lists the registered models; `simulate` runs one scenario to CSV;
 * `population` runs a population scenario (arms, policies) in this process.
 * Returns the exit code; all output goes through `io` so that tests can run it in-process.
 */
import { ModelCompileError, ScenarioError, SimulationRequestError, UnknownModelError } from '@shuji/models';
import { PopulationScenarioError } from '@shuji/population';
import { SbmlError, SbmlMappingError } from '@shuji/sbml';
import { modelsCommand } from './commands/models.command';
import { populationCommand } from './commands/population.command';
import { simulateCommand } from './commands/simulate.command';
import { UsageError } from './parse-args.util';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Relative file paths are resolved against this directory. */
  readonly cwd: string;
  /** stderr is a terminal: show progress bars. */
  readonly isTTY?: boolean;
}

const USAGE = `usage:
  shuji models
  shuji simulate --model <id> [--patient <subject>] --scenario <file.json> --out <file.csv> [--params <file.json>] [--every <min>]
  shuji simulate --sbml <model.xml> [--map <mapping.json>] --scenario <file.json> --out <file.csv> [--params <file.json>] [--every <min>]
  shuji population --scenario <file.json> [--json <out.json>] [--csv <out.csv>] [--parquet <out.parquet>] [--threads <n>]
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'models':
        return modelsCommand(rest, io);
      case 'simulate':
        return await simulateCommand(rest, io);
      case 'population':
        return await populationCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shuji: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (
      error instanceof ScenarioError ||
      error instanceof PopulationScenarioError ||
      error instanceof SimulationRequestError ||
      error instanceof UnknownModelError ||
      error instanceof ModelCompileError ||
      error instanceof SbmlError ||
      error instanceof SbmlMappingError
    ) {
      io.stderr(`shuji: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
