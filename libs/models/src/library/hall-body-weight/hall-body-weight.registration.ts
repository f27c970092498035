/**
 * Scenario → schedule for the Hall body-weight model (model time in days, scenario times in minutes):
 * - doses, route "intake" (default): from t_min on, the energy intake is `amount` kJ/d (absolute; the
 *   scenario format takes no negative amounts, so a diet is given as the new intake). The input deltaEI is
 *   set to amount − EI0, where EI0 is the baseline (energy-balanced) intake of these parameters;
 * - meals, insulin boluses and basal insulin are refused.
 */
import type { CompiledModel } from '../../spec/model-spec';
import type { ModelRegistration } from '../../simulate/model-registration';
import { ScenarioError } from '../../simulate/scenario';
import type { ScheduleItem } from '../../simulate/simulation-request';
import { HALL_BODY_WEIGHT_MODEL } from './hall-body-weight.model';

/** Baseline intake EI0 (kJ/d): at the initial balance nothing is stored, so expenditure equals intake. */
export function baselineIntake(model: CompiledModel, parameters: Float64Array): number {
  const out = new Float64Array(model.outputNames.length);
  model.outputs(0, model.initialState(parameters), parameters, model.defaultInputs(), out);
  return out[model.outputNames.indexOf('energyExpenditure')];
}

export const hallBodyWeightRegistration: ModelRegistration = {
  spec: HALL_BODY_WEIGHT_MODEL,
  scenarioToSchedule(scenario, { model, parameters, minutesPerTimeUnit }) {
    if (scenario.meals.length > 0 || scenario.boluses.length > 0 || typeof scenario.basal_u_per_min === 'number') {
      throw new ScenarioError('meals/boluses/basal_u_per_min: hall-body-weight takes energy intake as doses (route "intake", kJ/d)');
    }
    const EI0 = baselineIntake(model, parameters);
    return scenario.doses.map((dose, k): ScheduleItem => {
      if ((dose.route ?? 'intake') !== 'intake') {
        throw new ScenarioError(`doses[${k}].route: "${dose.route}" is not a route of hall-body-weight (intake)`);
      }
      return { kind: 'set-input', t: dose.t_min / minutesPerTimeUnit, input: 'deltaEI', value: dose.amount - EI0 };
    });
  },
};
