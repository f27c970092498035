/**
 * Scenario → schedule for the Bergman minimal model (minutes; t = 0 is the i.v. glucose bolus of the FSIGT):
 * - doses, route "iv-glucose" (default): an i.v. glucose bolus in mg/kg, G += amount / Vg;
 * - meals, insulin boluses and basal insulin are refused: the model has no gut and no s.c. insulin.
 */
import { dosesToSchedule } from '../../simulate/dose-routes';
import type { ModelRegistration } from '../../simulate/model-registration';
import { ScenarioError } from '../../simulate/scenario';
import { BERGMAN_MINIMAL_MODEL } from './bergman-minimal.model';

export const bergmanMinimalRegistration: ModelRegistration = {
  spec: BERGMAN_MINIMAL_MODEL,
  scenarioToSchedule(scenario, { model, parameters, minutesPerTimeUnit }) {
    if (scenario.meals.length > 0) throw new ScenarioError('meals: bergman-minimal is an i.v. model (use doses, route "iv-glucose")');
    if (scenario.boluses.length > 0 || typeof scenario.basal_u_per_min === 'number') {
      throw new ScenarioError('boluses/basal_u_per_min: bergman-minimal has no s.c. insulin');
    }
    const Vg = parameters[model.parameterIndex('Vg')];
    return dosesToSchedule(scenario.doses, { 'iv-glucose': { kind: 'add-to-state', state: 'G', scale: 1 / Vg } }, minutesPerTimeUnit);
  },
};
