import type { PopulationScenario } from '../scenario/population-scenario';
import type { PopulationProgram } from './population-program';
import { T1dDaysProgram } from './t1d-days.program';
import { WeightBpProgram } from './weight-bp.program';

/** The program a validated scenario runs. */
export function createProgram(scenario: PopulationScenario): PopulationProgram {
  return scenario.program === 't1d-days' ? new T1dDaysProgram(scenario) : new WeightBpProgram(scenario);
}
