/**
 * Scenario → schedule for amlodipine-bp (model time in hours, scenario times in minutes):
 * - doses, route "oral" (default): an amlodipine tablet in mg; F·1000·amount µg enter the gut depot at
 *   t_min + tlag (the lag of the person's parameters);
 * - meals, insulin boluses and basal insulin are refused.
 */
import type { ModelRegistration } from '../../simulate/model-registration';
import { ScenarioError } from '../../simulate/scenario';
import type { ScheduleItem } from '../../simulate/simulation-request';
import { AMLODIPINE_BP_MODEL } from './amlodipine-bp.model';

export const amlodipineBpRegistration: ModelRegistration = {
  spec: AMLODIPINE_BP_MODEL,
  scenarioToSchedule(scenario, { model, parameters, minutesPerTimeUnit }) {
    if (scenario.meals.length > 0 || scenario.boluses.length > 0 || typeof scenario.basal_u_per_min === 'number') {
      throw new ScenarioError('meals/boluses/basal_u_per_min: amlodipine-bp takes amlodipine doses only (route "oral", mg)');
    }
    const F = parameters[model.parameterIndex('F')];
    const tlag = parameters[model.parameterIndex('tlag')];
    return scenario.doses.map((dose, k): ScheduleItem => {
      if ((dose.route ?? 'oral') !== 'oral') {
        throw new ScenarioError(`doses[${k}].route: "${dose.route}" is not a route of amlodipine-bp (oral)`);
      }
      return { kind: 'add-to-state', t: dose.t_min / minutesPerTimeUnit + tlag, state: 'depot', amount: dose.amount * 1000 * F };
    });
  },
};
