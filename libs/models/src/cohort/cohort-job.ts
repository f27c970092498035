/**
 * The unit of work of a cohort, shared by the worker threads and the in-process path so both compute
 * exactly the same numbers.
 */
import type { OdeMethod, Outcome } from '@shuji/ode';
import { getCompiledModel, getModelRegistration } from '../registry';
import type { Subject } from '../simulate/model-registration';
import { runScenario } from '../simulate/run-scenario';
import type { Scenario } from '../simulate/scenario';

export interface CohortSettings {
  readonly modelId: string;
  readonly everyMin: number;
  /** Outputs to keep (default: all). */
  readonly outputs?: readonly string[];
  readonly method?: OdeMethod;
  readonly rtol?: number;
  readonly atol?: number;
}

export interface CohortTask {
  readonly index: number;
  readonly subject: Subject;
  readonly scenario: Scenario;
}

export interface CohortTaskResult {
  readonly index: number;
  readonly outcome: Outcome;
  /** Row-major over report times × kept outputs. */
  readonly outputs: Float64Array;
  readonly steps: number;
}

export function runCohortTask(settings: CohortSettings, task: CohortTask): CohortTaskResult {
  const registration = getModelRegistration(settings.modelId);
  const model = getCompiledModel(settings.modelId);
  const result = runScenario(registration, model, {
    subject: task.subject,
    scenario: task.scenario,
    everyMin: settings.everyMin,
    method: settings.method,
    rtol: settings.rtol,
    atol: settings.atol,
    includeStates: false,
  });
  const keep = settings.outputs ?? result.outputNames;
  const columns = keep.map((name) => {
    const j = result.outputNames.indexOf(name);
    if (j < 0) throw new RangeError(`outputs: model "${settings.modelId}" has no output "${name}"`);
    return j;
  });
  const rows = result.times.length;
  const m = result.outputNames.length;
  const outputs = new Float64Array(rows * columns.length);
  for (let k = 0; k < rows; k++) {
    for (let c = 0; c < columns.length; c++) outputs[k * columns.length + c] = result.outputs[k * m + columns[c]];
  }
  return { index: task.index, outcome: result.outcome, outputs, steps: result.stats.steps };
}
