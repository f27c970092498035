/**
 * Scenario → schedule for Hovorka 2004 (minutes):
 * - a meal of C g carbohydrate is an impulse into the gut, D1 += AG · C · 1000 / 180.16 mmol (as in the
 *   2004 paper, where meals enter as impulses of ingested glucose);
 * - an insulin bolus of U units is an s.c. impulse, S1 += 1000·U mU;
 * - basal: "patient-default" (or absent) keeps the parameter ub; a number (U/min) replaces it, i.e. the
 *   input insulinInfusion is set to 1000·basal − ub from t = 0;
 * - drug doses are refused.
 */
import type { ModelRegistration } from '../../simulate/model-registration';
import { ScenarioError } from '../../simulate/scenario';
import type { ScheduleItem } from '../../simulate/simulation-request';
import { HOVORKA_2004_MODEL } from './hovorka-2004.model';

/** Molar mass of glucose, g/mol. */
export const GLUCOSE_G_PER_MOL = 180.16;
export const MILLIUNITS_PER_UNIT = 1000;

export const hovorka2004Registration: ModelRegistration = {
  spec: HOVORKA_2004_MODEL,
  scenarioToSchedule(scenario, { model, parameters, minutesPerTimeUnit }) {
    if (minutesPerTimeUnit !== 1) throw new Error('hovorka-2004 runs in minutes');
    if (scenario.doses.length > 0) throw new ScenarioError('doses: hovorka-2004 takes no drug doses');
    const AG = parameters[model.parameterIndex('AG')];
    const ub = parameters[model.parameterIndex('ub')];
    const schedule: ScheduleItem[] = [];
    if (typeof scenario.basal_u_per_min === 'number') {
      schedule.push({ kind: 'set-input', t: 0, input: 'insulinInfusion', value: scenario.basal_u_per_min * MILLIUNITS_PER_UNIT - ub });
    }
    for (const meal of scenario.meals) {
      const mmol = (meal.carbs_g * 1000) / GLUCOSE_G_PER_MOL;
      schedule.push({ kind: 'add-to-state', t: meal.t_min, state: 'D1', amount: AG * mmol });
    }
    for (const bolus of scenario.boluses) {
      schedule.push({ kind: 'add-to-state', t: bolus.t_min, state: 'S1', amount: bolus.units * MILLIUNITS_PER_UNIT });
    }
    return schedule;
  },
};
