/**
 * Scenario → schedule for the Hamberg 2007 warfarin model (model time in hours, scenario times in minutes):
 * - doses, route "oral" (default): a racemic warfarin tablet in mg; the S-enantiomer fraction (parameter
 *   fractionS, 0.5) enters the absorption depot Ad;
 * - subjects: the 18 CYP2C9 × VKORC1 genotype combinations at the reference age of 71 years, named e.g.
 *   "CYP2C9*1/*3_VKORC1-GA" (override `age` for other ages);
 * - meals, insulin boluses and basal insulin are refused.
 */
import type { ModelRegistration, Subject } from '../../simulate/model-registration';
import { dosesToSchedule } from '../../simulate/dose-routes';
import { ScenarioError } from '../../simulate/scenario';
import { HAMBERG_WARFARIN_MODEL } from './hamberg-warfarin.model';
import { CYP2C9_GENOTYPES, VKORC1_GENOTYPES, warfarinGenotypeParameters } from './warfarin-genotype.util';

export function warfarinSubjectName(cyp2c9: string, vkorc1: string): string {
  return `CYP2C9${cyp2c9}_VKORC1-${vkorc1.replace('/', '')}`;
}

const GENOTYPE_SUBJECTS: readonly Subject[] = CYP2C9_GENOTYPES.flatMap((cyp2c9) =>
  VKORC1_GENOTYPES.map(
    (vkorc1): Subject => ({
      name: warfarinSubjectName(cyp2c9, vkorc1),
      parameters: { ...warfarinGenotypeParameters(cyp2c9, vkorc1) },
    }),
  ),
);

export const hambergWarfarinRegistration: ModelRegistration = {
  spec: HAMBERG_WARFARIN_MODEL,
  subjects: GENOTYPE_SUBJECTS,
  scenarioToSchedule(scenario, { model, parameters, minutesPerTimeUnit }) {
    if (scenario.meals.length > 0 || scenario.boluses.length > 0 || typeof scenario.basal_u_per_min === 'number') {
      throw new ScenarioError('meals/boluses/basal_u_per_min: hamberg-warfarin takes warfarin doses only (route "oral", mg)');
    }
    const fractionS = parameters[model.parameterIndex('fractionS')];
    return dosesToSchedule(scenario.doses, { oral: { kind: 'add-to-state', state: 'Ad', scale: fractionS } }, minutesPerTimeUnit);
  },
};
