/**
 * Scenario → schedule for amlodipine-bp (model time in hours, scenario times in minutes):
 * - doses, route "oral" (default): an amlodipine tablet in mg; 1000·amount µg enter the gut depot (the PK is
 *   apparent, CL/F and V/F, so no bioavailability factor);
 * - meals, insulin boluses and basal insulin are refused.
 */
import type { ModelRegistration } from '../../simulate/model-registration';
import { dosesToSchedule } from '../../simulate/dose-routes';
import { ScenarioError } from '../../simulate/scenario';
import { AMLODIPINE_BP_MODEL } from './amlodipine-bp.model';

export const amlodipineBpRegistration: ModelRegistration = {
  spec: AMLODIPINE_BP_MODEL,
  scenarioToSchedule(scenario, { minutesPerTimeUnit }) {
    if (scenario.meals.length > 0 || scenario.boluses.length > 0 || typeof scenario.basal_u_per_min === 'number') {
      throw new ScenarioError('meals/boluses/basal_u_per_min: amlodipine-bp takes amlodipine doses only (route "oral", mg)');
    }
    return dosesToSchedule(scenario.doses, { oral: { kind: 'add-to-state', state: 'depot', scale: 1000 } }, minutesPerTimeUnit);
  },
};
