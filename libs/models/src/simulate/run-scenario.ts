/**
 * runScenario: a registered model + subject + scenario file → simulation table. Shared by the CLI, the tests
 * and the benchmark so that they all run the same thing.
 */
import type { OdeMethod } from '@shuji/ode';
import type { CompiledModel } from '../spec/model-spec';
import { minutesPerTimeUnit, type ModelRegistration, type Subject } from './model-registration';
import { ScenarioError, type Scenario } from './scenario';
import { simulate } from './simulate';
import type { SimulationResult } from './simulation-request';

export interface ScenarioRunRequest {
  /** Subject name (e.g. `adult#001`), required when the model registers subjects; or a subject itself (cohorts). */
  readonly subject?: string | Subject;
  readonly scenario: Scenario;
  /** Parameter overrides by name, applied after the subject's. */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Report interval in minutes (default 5). */
  readonly everyMin?: number;
  readonly method?: OdeMethod;
  readonly rtol?: number;
  readonly atol?: number;
  readonly includeStates?: boolean;
}

/** The result, with `times` in model units, plus the report times in minutes. */
export interface ScenarioRunResult extends SimulationResult {
  readonly timesMin: Float64Array;
}

export function runScenario(
  registration: ModelRegistration,
  model: CompiledModel,
  request: ScenarioRunRequest,
): ScenarioRunResult {
  const scale = minutesPerTimeUnit(model.spec.timeUnit);
  const parameters = model.defaultParameters();
  let initialOverrides: Readonly<Record<string, number>> = {};
  if (typeof request.subject === 'object') {
    for (const [name, value] of Object.entries(request.subject.parameters)) parameters[model.parameterIndex(name)] = value;
    initialOverrides = request.subject.initialState ?? {};
  } else if (registration.subjects !== undefined && registration.subjects.length > 0) {
    if (request.subject === undefined) {
      throw new ScenarioError(`patient: model "${model.spec.id}" needs a subject (e.g. ${registration.subjects[0].name})`);
    }
    const subject = registration.subjects.find((s) => s.name === request.subject);
    if (subject === undefined) {
      throw new ScenarioError(`patient: no subject "${request.subject}" in model "${model.spec.id}"`);
    }
    for (const [name, value] of Object.entries(subject.parameters)) parameters[model.parameterIndex(name)] = value;
    initialOverrides = subject.initialState ?? {};
  } else if (request.subject !== undefined) {
    throw new ScenarioError(`patient: model "${model.spec.id}" has no named subjects`);
  }
  for (const [name, value] of Object.entries(request.parameters ?? {})) {
    const i = model.parameterNames.indexOf(name);
    if (i < 0) throw new ScenarioError(`params.${name}: model "${model.spec.id}" has no such parameter`);
    if (!Number.isFinite(value)) throw new ScenarioError(`params.${name}: must be a finite number`);
    parameters[i] = value;
  }
  const everyMin = request.everyMin ?? 5;
  if (!(everyMin > 0)) throw new ScenarioError('every: must be a positive number of minutes');
  const schedule = registration.scenarioToSchedule(request.scenario, {
    model,
    parameters,
    minutesPerTimeUnit: scale,
  });
  const result = simulate(model, {
    parameterValues: parameters,
    initialState: initialOverrides,
    tspan: [0, request.scenario.duration_min / scale],
    schedule,
    reportEvery: everyMin / scale,
    method: request.method ?? registration.solver?.method,
    rtol: request.rtol ?? registration.solver?.rtol,
    atol: request.atol ?? registration.solver?.atol,
    includeStates: request.includeStates,
  });
  return { ...result, column: result.column, timesMin: result.times.map((t) => t * scale) };
}
